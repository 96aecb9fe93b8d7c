// fastify-reply-kit/testing: expectCookie and signedCookie on inject, undici and fetch responses of a
// real app (secureCookies over @fastify/cookie).
import t from 'tap'
import Fastify from 'fastify'
import { request } from 'undici'
import { expectCookie, signedCookie } from '../testing/index.js'
import { secureCookies } from '../plugins/index.js'
import { listen } from './helpers/server.js'

async function cookieApp () {
  const app = Fastify()
  await app.register(secureCookies, { secret: 'a secret of thirty-two characters!!', cookies: { theme: { maxAge: 3600, sameSite: 'strict' } } })
  app.get('/set', async (_request, reply) => {
    reply.setCookie('theme', 'dark').setCookie('plain', 'v', { httpOnly: false, path: '/docs', domain: 'example.com', partitioned: true, sameSite: 'none' })
    return 'ok'
  })
  app.get('/clear', async (_request, reply) => reply.clearCookie('theme').send('ok'))
  app.get('/none', async () => 'ok')
  app.get('/signed', async (request) => request.unsignCookie(request.cookies.token ?? ''))
  return app
}

t.test('expectCookie passes on the attributes the response sets, from inject, undici and fetch', async (t) => {
  const app = await cookieApp()
  const base = await listen(t, app)
  const injected = await app.inject('/set')
  const viaUndici = await request(`${base}/set`)
  await viaUndici.body.dump()
  const viaFetch = await fetch(`${base}/set`)
  await viaFetch.arrayBuffer()
  for (const [client, response] of [['inject', injected], ['undici', viaUndici], ['fetch', viaFetch]] as const) {
    const cookie = expectCookie(response, 'theme', { value: 'dark', httpOnly: true, secure: true, sameSite: 'strict', path: '/', maxAge: 3600, domain: undefined, cleared: false })
    t.equal(cookie.line.startsWith('theme=dark'), true, `${client}: the line as sent`)
    expectCookie(response, 'plain', { httpOnly: false, sameSite: 'None', path: '/docs', domain: 'example.com', partitioned: true })
  }
  // A Headers object without getSetCookie (older fetch polyfills) joins the lines with ', '.
  const joined = new Headers()
  joined.append('set-cookie', 'a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT')
  joined.append('set-cookie', 'b=2')
  const legacy = { status: 200, headers: { get: (name: string) => joined.get(name), forEach: joined.forEach.bind(joined) } }
  expectCookie(legacy, 'a', { expires: new Date('2099-10-21T07:28:00Z') })
  expectCookie(legacy, 'b', { value: '2', expires: undefined })
  const noCookies = { status: 200, headers: { get: () => null, forEach: () => {} } }
  t.throws(() => expectCookie(noCookies, 'a'), { message: 'expected a Set-Cookie for "a"; the response sets no cookie' })
})

t.test('expectCookie names the cookie and each attribute that differs', async (t) => {
  const app = await cookieApp()
  t.teardown(() => app.close())
  const response = await app.inject('/set')
  t.throws(() => expectCookie(response, 'session'), { name: 'AssertionError', message: 'expected a Set-Cookie for "session"; the response sets "theme", "plain"' })
  const error = t.throws(() => expectCookie(response, 'theme', { httpOnly: false, sameSite: 'lax', maxAge: 60, expires: new Date(0) }))
  t.match(error, {
    name: 'AssertionError',
    message: /^cookie "theme": httpOnly is true, expected false; SameSite is "Strict", expected "lax"; maxAge is 3600, expected 60; Expires is absent, expected Thu, 01 Jan 1970 00:00:00 GMT \(Set-Cookie: theme=dark; /,
  })
  t.throws(() => expectCookie(response, 'plain', { domain: undefined }), { message: /domain is "example.com", expected absent/ })
  t.throws(() => expectCookie(response, 'theme', { priority: 'high' } as never), { name: 'TypeError', message: /unknown attribute "priority"/ })
  t.throws(() => expectCookie('not a response' as never, 'theme'), { name: 'TypeError', message: 'expectCookie: expected a response (from app.inject, undici or fetch), got string' })
  t.throws(() => expectCookie(null as never, 'theme'), { message: /got null$/ })
  t.throws(() => expectCookie({ body: '' } as never, 'theme'), { message: /got an object with keys \["body"\]$/ })
  const none = await app.inject('/none')
  t.throws(() => expectCookie(none, 'theme'), { message: 'expected a Set-Cookie for "theme"; the response sets no cookie' })
})

t.test('expectCookie sees a deleting Set-Cookie as cleared, and keeps the last line of a name', async (t) => {
  const app = await cookieApp()
  t.teardown(() => app.close())
  const cleared = await app.inject('/clear')
  expectCookie(cleared, 'theme', { cleared: true, value: '', sameSite: 'strict', path: '/' })
  t.throws(() => expectCookie(cleared, 'theme', { cleared: false }), { message: /cleared is true, expected false/ })
  const twice = { statusCode: 200, headers: { 'Set-Cookie': ['x=1', '; Path=/', 'x=2; Max-Age=0'], 'content-length': 0 } }
  expectCookie(twice, 'x', { value: '2', cleared: true, maxAge: 0, sameSite: undefined })
  t.throws(() => expectCookie(twice, 'x', { sameSite: 'lax' }), { message: /SameSite is absent, expected "lax"/ })
  const expired = { statusCode: 200, headers: { 'set-cookie': 'x=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT', vary: ['a', 'b'], skipped: undefined } }
  expectCookie(expired, 'x', { cleared: true })
})

t.test('signedCookie builds a Cookie the app reads as its own signed value', async (t) => {
  const app = await cookieApp()
  const base = await listen(t, app)
  const cookie = signedCookie(app, 'token', 'user 42/+')
  const injected = await app.inject({ url: '/signed', cookies: {}, headers: { cookie } })
  t.same(JSON.parse(injected.body), { valid: true, renew: false, value: 'user 42/+' })
  const overSocket = await request(`${base}/signed`, { headers: { cookie } })
  t.same(await overSocket.body.json(), { valid: true, renew: false, value: 'user 42/+' })
  const tampered = cookie.replace('user', 'root')
  t.same(JSON.parse((await app.inject({ url: '/signed', headers: { cookie: tampered } })).body).valid, false, 'the signature is checked')

  const unsigned = Fastify()
  t.throws(() => signedCookie(unsigned, 'token', 'x'), { name: 'TypeError', message: /signedCookie\("token"\): the app has no cookie secret/ })
})
