// Cookies read back (reply.outgoingCookies), clearing what was set in the same request, clearing
// undeclared cookies with the attributes they were set with, Clear-Site-Data, and route
// config.cookies; over a real socket with tough-cookie and set-cookie-parser.
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import { parseSetCookie } from 'set-cookie-parser'
import { randomBytes } from 'node:crypto'
import { secureCookies } from '../plugins/secure-cookies.js'
import type { SecureCookiesOptions } from '../types/options.js'
import { routeRegistry } from '../plugins/suite/route-record.js'
import { listen } from './helpers/server.js'
import { Browser, rawGet } from './helpers/cookie-browser.js'
import { logCapture } from './helpers/log-lines.js'

const HTTPS = 'https://shop.example.com'
const keys = [{ id: 'k1', key: randomBytes(32) }]

async function appWith (options: SecureCookiesOptions = {}, logger: object | false = false): Promise<FastifyInstance> {
  const app = Fastify({ trustProxy: true, logger })
  await app.register(secureCookies, options)
  return app
}

test('outgoingCookies: what this response sets or clears so far, plain values and final options', async (t) => {
  const app = await appWith({ keys, secret: 'z'.repeat(32), cookies: { cart: { encrypted: true, maxAge: 60 }, old: { path: '/shop' } } })
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-outgoing', JSON.stringify(reply.outgoingCookies()))
  })
  app.get('/', async (_request, reply) => {
    t.same(reply.outgoingCookies(), [], 'nothing yet')
    reply.setCookie('cart', '3 items')
    reply.setCookie('theme', 'dark')
    reply.setCookie('sid', 'u1', { signed: true, sameSite: 'strict' })
    reply.clearCookie('old')
    return 'ok'
  })
  const base = await listen(t, app)
  const res = await fetch(base + '/', { headers: { 'x-forwarded-proto': 'https' } })
  const outgoing = JSON.parse(res.headers.get('x-outgoing') as string)
  t.match(outgoing, [
    { name: 'cart', value: '3 items', cleared: false, options: { encrypted: true, maxAge: 60, httpOnly: true, secure: true, path: '/' } },
    { name: 'theme', value: 'dark', cleared: false, options: { sameSite: 'lax', secure: true } },
    { name: 'sid', value: 'u1', cleared: false, options: { signed: true, sameSite: 'strict' } },
    { name: 'old', value: '', cleared: true, options: { path: '/shop', maxAge: 0 } },
  ])
  t.equal(outgoing.length, 4)
  const sent = parseSetCookie(res.headers.getSetCookie())
  t.same(sent.map(c => c.name), ['cart', 'theme', 'sid', 'old'], 'and the same four lines leave')
  t.not(sent[0].value, '3 items', 'the wire has the sealed value, outgoingCookies the plain one')
})

test('clearing a cookie set earlier in the same request sends only the clear', async (t) => {
  const app = await appWith({ cookies: { pref: { path: '/app' } } })
  app.get('/app/flip', async (_request, reply) => {
    reply.setCookie('pref', 'a')
    reply.setCookie('loose', 'b', { path: '/app' })
    reply.clearCookie('pref')
    reply.clearCookie('loose')
    return reply.send({ outgoing: reply.outgoingCookies().map(c => [c.name, c.cleared]) })
  })
  // A hook running after @fastify/cookie wrote its lines: set then clear still leaves one line.
  app.addHook('onSend', async (request, reply) => {
    if (request.url !== '/late') return
    reply.setCookie('late', 'x')
    reply.clearCookie('late')
  })
  app.get('/late', async () => 'ok')
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  const answer = await browser.get('/app/flip')
  t.same(JSON.parse(answer.body).outgoing, [['pref', true], ['loose', true]])
  const lines = parseSetCookie(answer.setCookie)
  t.same(lines.map(c => [c.name, c.value, c.path, c.maxAge]), [['pref', '', '/app', 0], ['loose', '', '/app', 0]])
  const late = await browser.get('/late')
  t.same(parseSetCookie(late.setCookie).map(c => [c.name, c.value, c.maxAge]), [['late', '', 0]])
})

test('an undeclared cookie is cleared with the attributes this process set it with, else a warning', async (t) => {
  const { stream, lines } = logCapture()
  const app = await appWith({}, { level: 'warn', stream })
  app.get('/app/login', async (_request, reply) => reply.setCookie('app_token', 't', { path: '/app', sameSite: 'strict' }).send('ok'))
  app.get('/app/logout', async (_request, reply) => reply.clearCookie('app_token').send('ok'))
  app.get('/plain', async (_request, reply) => reply.setCookie('plain_one', 'p').send('ok'))
  app.get('/plain/logout', async (_request, reply) => reply.clearCookie('plain_one').send('ok'))
  app.get('/never', async (_request, reply) => reply.clearCookie('never_set').send('ok'))
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  await browser.get('/app/login')
  t.same(await browser.cookies('/app'), { app_token: 't' })
  const out = await browser.get('/app/logout')
  t.match(parseSetCookie(out.setCookie)[0], { name: 'app_token', path: '/app', sameSite: 'Strict', maxAge: 0 })
  t.same(await browser.cookies('/app'), {}, 'the browser really deleted it (FastAPI\'s trap avoided)')

  await browser.get('/plain')
  await browser.get('/plain/logout')
  t.same(await browser.cookies(), {})
  t.same(lines.filter(l => l.level === 40), [], 'no warning for cookies this process set')

  const never = await browser.get('/never')
  t.match(parseSetCookie(never.setCookie)[0], { name: 'never_set', path: '/' })
  const warning = lines.find(l => l.level === 40)
  t.match(warning, { cookie: 'never_set', msg: /"never_set".*not declared.*declare it in secureCookies options\.cookies/ })
})

test('remembered attributes follow the latest set, and memory stays bounded', async (t) => {
  const app = await appWith()
  app.get('/set', async (request, reply) => {
    const { name, path } = request.query as { name: string, path?: string }
    return reply.setCookie(name, 'v', path === undefined ? undefined : { path }).send('ok')
  })
  app.get('/clear', async (request, reply) => reply.clearCookie((request.query as { name: string }).name).send('ok'))
  const base = await listen(t, app)
  const path = async (url: string): Promise<string | undefined> => parseSetCookie((await rawGet(base, url, { 'x-forwarded-proto': 'https' })).setCookie)[0].path
  await path('/set?name=a&path=/x')
  t.equal(await path('/clear?name=a'), '/x')
  await path('/set?name=a')
  t.equal(await path('/clear?name=a'), '/', 'set later with the defaults')
  for (let i = 0; i < 300; i++) await path(`/set?name=n${i}&path=/p`)
  t.equal(await path('/clear?name=n0'), '/p', 'early names are kept')
  t.equal(await path('/clear?name=n299'), '/', 'past the bound, names are not remembered')
})

test('clearSiteData: "cookies" by default, the other types on request', async (t) => {
  const app = await appWith()
  app.get('/logout', async (request, reply) => {
    const types = (request.query as { t?: string }).t
    reply.clearCookie('sid')
    return reply.clearSiteData(types === undefined ? undefined : JSON.parse(types)).send('bye')
  })
  const base = await listen(t, app)
  const get = async (query: string): Promise<{ status: number, header: string | null, body: string }> => {
    const res = await fetch(base + '/logout' + query)
    return { status: res.status, header: res.headers.get('clear-site-data'), body: await res.text() }
  }
  t.same(await get(''), { status: 200, header: '"cookies"', body: 'bye' })
  t.equal((await get('?t=' + encodeURIComponent('["cookies","storage","cache","cookies"]'))).header, '"cookies", "storage", "cache"')
  t.equal((await get('?t=' + encodeURIComponent('["cache","*"]'))).header, '"*"')
  for (const bad of ['[]', '["everything"]', '"cookies"']) {
    const answer = await get('?t=' + encodeURIComponent(bad))
    t.equal(answer.status, 500, bad)
    t.match(JSON.parse(answer.body), { code: 'FST_REPLYKIT_BAD_OPTION', message: /clearSiteData.*'cookies', 'storage', 'cache' or '\*'/ })
  }
})

test('config.cookies: recorded for the route, checked when the route is added, enforced with onlyDeclared', async (t) => {
  const app = await appWith({ onlyDeclared: true, cookies: { last_viewed_post: {}, sid: {} } })
  app.get('/posts/:id', { config: { cookies: ['last_viewed_post'] } }, async (request, reply) => {
    const { other } = request.query as { other?: string }
    reply.setCookie(other === undefined ? 'last_viewed_post' : 'sid', 'x')
    reply.clearCookie('sid')
    return 'ok'
  })
  app.get('/free', async (_request, reply) => reply.setCookie('sid', 'y').send('ok'))
  const base = await listen(t, app)
  const record = routeRegistry(app).records.find(r => r.url === '/posts/:id' && r.method === 'GET')
  t.same(record?.cookies, ['last_viewed_post'], 'the shared route record names them')
  t.equal((await rawGet(base, '/posts/1', {})).status, 200)
  const refused = await rawGet(base, '/posts/1?other=1', {})
  t.equal(refused.status, 500)
  t.match(JSON.parse(refused.body), { code: 'FST_REPLYKIT_COOKIE_NOT_FOR_ROUTE', message: /"sid".*GET \/posts\/:id.*config\.cookies/ })
  t.equal((await rawGet(base, '/free', {})).status, 200, 'a route without a list may set any declared cookie')

  for (const [label, cookies, message] of [
    ['undeclared', ['nope'], /config\.cookies of route GET \/bad.*"nope" is not declared/],
    ['not an array', 'sid', /config\.cookies of route GET \/bad.*array/],
  ] as const) {
    const bad = await appWith({ cookies: { sid: {} } })
    t.throws(() => bad.get('/bad', { config: { cookies: cookies as unknown as string[] } }, async () => 'x'), { code: 'FST_REPLYKIT_BAD_OPTION', message }, label)
    await bad.close()
  }

  const informational = await appWith({ cookies: { a: {} } })
  informational.get('/', { config: { cookies: ['a'] } }, async (_request, reply) => reply.setCookie('b', '1').send('ok'))
  t.equal((await informational.inject('/')).statusCode, 200, 'without onlyDeclared the list is informational')
  await informational.close()
})
