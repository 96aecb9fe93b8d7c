// secureCookies over a real socket: what a browser-like jar (tough-cookie) stores and sends back,
// attributes read with set-cookie-parser.
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import { parseSetCookie } from 'set-cookie-parser'
import { secureCookies } from '../plugins/secure-cookies.js'
import { MAX_AGE_SECONDS } from '../lib/cookie-rules.js'
import type { SecureCookiesOptions } from '../types/options.js'
import { listen } from './helpers/server.js'
import { Browser } from './helpers/cookie-browser.js'

const HTTPS = 'https://shop.example.com'
const HTTP = 'http://shop.example.com'

async function appWith (options: SecureCookiesOptions = {}, trustProxy = true): Promise<FastifyInstance> {
  const app = Fastify({ trustProxy })
  await app.register(secureCookies, options)
  app.get('/echo', async (request) => ({ ...request.cookies }))
  app.get('/app/echo', async (request) => ({ ...request.cookies }))
  return app
}

test('a bare setCookie gets HttpOnly; Secure; SameSite=Lax; Path=/', async (t) => {
  const app = await appWith()
  app.get('/set', async (_request, reply) => {
    reply.setCookie('theme', 'dark')
    return { ok: true }
  })
  const base = await listen(t, app)

  const browser = new Browser(base, HTTPS)
  const answer = await browser.get('/set')
  t.equal(answer.status, 200)
  t.equal(answer.setCookie.length, 1)
  const [cookie] = parseSetCookie(answer.setCookie)
  t.match(cookie, { name: 'theme', value: 'dark', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' })
  t.same(answer.rejected, [])
  t.same(JSON.parse((await browser.get('/echo')).body), { theme: 'dark' }, 'the https jar sends it back')

  const plain = new Browser(base, HTTP)
  const refused = await plain.get('/set')
  t.equal(refused.rejected.length, 1, 'an http origin cannot store a Secure cookie')
  t.same(await plain.cookies(), {})
})

test('reply.cookie is the same setter, and hooks get the defaults too', async (t) => {
  const app = await appWith()
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/hooked') reply.setCookie('from_hook', '1')
  })
  app.get('/hooked', async (_request, reply) => {
    reply.cookie('from_alias', '2')
    return 'ok'
  })
  const base = await listen(t, app)
  const answer = await new Browser(base, HTTPS).get('/hooked')
  const cookies = parseSetCookie(answer.setCookie)
  t.same(cookies.map(c => [c.name, c.httpOnly, c.secure, c.sameSite, c.path]), [
    ['from_hook', true, true, 'Lax', '/'],
    ['from_alias', true, true, 'Lax', '/'],
  ])
})

test("secure: 'auto' sets Secure only for requests that came over HTTPS (trustProxy honoured)", async (t) => {
  const app = await appWith({ defaults: { secure: 'auto' } })
  app.get('/set', async (_request, reply) => reply.setCookie('pref', 'compact').send('ok'))
  const base = await listen(t, app)

  const secure = new Browser(base, HTTPS)
  const overHttps = await secure.get('/set')
  t.equal(parseSetCookie(overHttps.setCookie)[0].secure, true)
  t.same(await secure.cookies(), { pref: 'compact' })

  const plain = new Browser(base, HTTP)
  const overHttp = await plain.get('/set')
  t.equal(parseSetCookie(overHttp.setCookie)[0].secure, undefined)
  t.same(overHttp.rejected, [])
  t.same(JSON.parse((await plain.get('/echo')).body), { pref: 'compact' }, 'local development over http works')

  // Without trustProxy the forwarded header is not believed: the socket is plain http.
  const untrusting = await appWith({ defaults: { secure: 'auto' } }, false)
  untrusting.get('/set', async (_request, reply) => reply.setCookie('pref', 'compact').send('ok'))
  const base2 = await listen(t, untrusting)
  const spoofed = await new Browser(base2, HTTPS).get('/set')
  t.equal(parseSetCookie(spoofed.setCookie)[0].secure, undefined)
})

test('attributes: secure defaults, then options.defaults, then the declared cookie, then the call', async (t) => {
  const app = await appWith({
    defaults: { sameSite: 'strict' },
    cookies: { cart: { path: '/app', domain: 'example.com', maxAge: 3600 } },
  })
  app.get('/set', async (_request, reply) => {
    reply.setCookie('cart', 'c1')
    reply.setCookie('note', 'n1', { httpOnly: false, secure: undefined, priority: 'high' })
    reply.setCookie('cart', 'c2', { path: '/app', domain: 'example.com', maxAge: 60, sameSite: 'lax' })
    return 'ok'
  })
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  const answer = await browser.get('/set')
  const cookies = parseSetCookie(answer.setCookie, { map: true })
  t.match(cookies.cart, { value: 'c2', path: '/app', domain: 'example.com', maxAge: 60, sameSite: 'Lax', secure: true, httpOnly: true },
    'the call wins over the declaration; same name, domain and path replace the first call')
  t.match(cookies.note, { value: 'n1', path: '/', sameSite: 'Strict', secure: true }, 'an undefined option does not drop a default')
  t.equal(cookies.note.httpOnly, undefined, 'false turns a default off')
  t.match(answer.setCookie.find(l => l.startsWith('note=')), /Priority=High/)
  t.same(answer.rejected, [])
  t.same(await browser.cookies('/app'), { cart: 'c2', note: 'n1' })
  t.same(await browser.cookies('/'), { note: 'n1' }, 'the cart cookie stays under /app')
})

test('clearCookie repeats the declared attributes, so the browser really deletes the cookie', async (t) => {
  const app = await appWith({
    cookies: {
      cart: { path: '/app', domain: 'example.com' },
      embed: { sameSite: 'none', partitioned: true },
    },
  })
  app.get('/set', async (_request, reply) => {
    reply.setCookie('cart', 'c1')
    reply.setCookie('embed', 'e1')
    return 'ok'
  })
  app.get('/clear', async (_request, reply) => {
    reply.clearCookie('cart')
    reply.clearCookie('embed', { maxAge: 99 })
    return 'ok'
  })
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  await browser.get('/set')
  t.same(await browser.cookies('/app'), { cart: 'c1', embed: 'e1' })

  const answer = await browser.get('/clear')
  const cookies = parseSetCookie(answer.setCookie, { map: true })
  t.match(cookies.cart, { value: '', path: '/app', domain: 'example.com', maxAge: 0, secure: true, sameSite: 'Lax', httpOnly: true })
  t.match(cookies.embed, { value: '', path: '/', maxAge: 0, secure: true, sameSite: 'None', partitioned: true })
  for (const cookie of Object.values(cookies)) t.ok(cookie.expires !== undefined && cookie.expires.getTime() < Date.now(), `${cookie.name} expires in the past`)
  t.same(answer.rejected, [])
  t.same(await browser.cookies('/app'), {}, 'both cookies are gone from the jar')
})

test('onlyDeclared: an undeclared name throws FST_REPLYKIT_COOKIE_UNDECLARED at set and clear', async (t) => {
  const app = await appWith({ cookies: { session_id: {} }, onlyDeclared: true })
  app.get('/declared', async (_request, reply) => reply.setCookie('session_id', 's').send('ok'))
  app.get('/undeclared', async (_request, reply) => reply.setCookie('tracking', 't').send('ok'))
  app.get('/clear-undeclared', async (_request, reply) => reply.clearCookie('tracking').send('ok'))
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  t.equal((await browser.get('/declared')).status, 200)
  for (const path of ['/undeclared', '/clear-undeclared']) {
    const answer = await browser.get(path)
    t.equal(answer.status, 500)
    t.same(answer.setCookie, [], 'nothing half-set')
    t.match(JSON.parse(answer.body), { code: 'FST_REPLYKIT_COOKIE_UNDECLARED', message: /"tracking"/ })
  }
  t.same(await browser.cookies(), { session_id: 's' })
})

test('signed cookies: signed: true, request.unsignCookie, reply.signCookie, secret rotation', async (t) => {
  const oldApp = await appWith({ secret: 'old-secret-old-secret-old-secret' })
  oldApp.get('/login', async (_request, reply) => reply.setCookie('sid', 'user-1', { signed: true }).send('ok'))
  const oldBase = await listen(t, oldApp)

  const app = await appWith({
    secret: ['new-secret-new-secret-new-secret', 'old-secret-old-secret-old-secret'],
    cookies: { sid: { signed: true } },
  })
  app.get('/login', async (_request, reply) => reply.setCookie('sid', 'user-2').send('ok'))
  app.get('/whoami', async (request, reply) => {
    const result = request.unsignCookie(request.cookies.sid ?? '')
    return { ...result, manual: reply.signCookie('x') }
  })
  const base = await listen(t, app)

  // Signed with the old key by the old deployment, read by the new one: valid, renew.
  const before = new Browser(oldBase, HTTPS)
  await before.get('/login')
  const cookie = (await before.cookies()).sid
  t.match(cookie, /^user-1\./)
  const after = new Browser(base, HTTPS)
  await after.jar.setCookie(`sid=${cookie}; Secure; Path=/`, HTTPS + '/')
  const rotated = JSON.parse((await after.get('/whoami')).body)
  t.match(rotated, { valid: true, renew: true, value: 'user-1' })
  t.match(rotated.manual, /^x\./)

  // Declared signed: the new key signs, no renew needed.
  await after.get('/login')
  t.match((await after.cookies()).sid, /^user-2\./)
  t.match(JSON.parse((await after.get('/whoami')).body), { valid: true, renew: false, value: 'user-2' })

  // A forged value is not valid.
  await after.jar.setCookie('sid=user-3.forged; Secure; Path=/', HTTPS + '/')
  t.match(JSON.parse((await after.get('/whoami')).body), { valid: false, value: null })
})

test('ages over 400 days are capped, as browsers cap them; fractions are whole seconds', async (t) => {
  const app = await appWith()
  app.get('/set', async (_request, reply) => {
    reply.setCookie('long', '1', { maxAge: 10 * 365 * 24 * 3600 })
    reply.setCookie('far', '1', { expires: new Date('2999-01-01T00:00:00Z') })
    reply.setCookie('near', '1', { expires: new Date('2000-01-01T00:00:00Z') })
    reply.setCookie('fraction', '1', { maxAge: 59.9 })
    reply.setCookie('epoch_ms', '1', { expires: Date.UTC(2001, 0, 1) as unknown as Date })
    return 'ok'
  })
  const base = await listen(t, app)
  const before = Date.now()
  const answer = await new Browser(base, HTTPS).get('/set')
  const after = Date.now()
  const cookies = parseSetCookie(answer.setCookie, { map: true })
  t.equal(cookies.long.maxAge, MAX_AGE_SECONDS)
  const far = cookies.far.expires!.getTime()
  t.ok(far >= Math.floor(before / 1000) * 1000 + MAX_AGE_SECONDS * 1000 - 1000 && far <= after + MAX_AGE_SECONDS * 1000,
    'Expires capped to 400 days from now')
  t.equal(cookies.near.expires!.toISOString(), '2000-01-01T00:00:00.000Z', 'a past Expires is kept')
  t.equal(cookies.fraction.maxAge, 59)
  t.equal(cookies.epoch_ms.expires!.toISOString(), '2001-01-01T00:00:00.000Z', 'an integer expires is milliseconds')
})

test("the chapter's logout: two cookies deleted with their declared attributes", async (t) => {
  const app = await appWith({
    cookies: {
      '__Host-session': { maxAge: 3600 },
      prefs: { domain: 'example.com', path: '/app', maxAge: 30 * 24 * 3600, httpOnly: false },
    },
  })
  app.post('/login', async (_request, reply) => {
    reply.setCookie('__Host-session', 'abc123')
    reply.setCookie('prefs', 'lang=en')
    return { ok: true }
  })
  app.get('/logout', async (_request, reply) => {
    reply.clearCookie('__Host-session')
    reply.clearCookie('prefs')
    return { ok: true }
  })
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  const login = await fetch(base + '/login', { method: 'POST', headers: { 'x-forwarded-proto': 'https' } })
  for (const line of login.headers.getSetCookie()) await browser.jar.setCookie(line, HTTPS + '/login')
  t.same(await browser.cookies('/app'), { '__Host-session': 'abc123', prefs: 'lang=en' })
  t.same(await browser.cookies('/'), { '__Host-session': 'abc123' })

  const logout = await browser.get('/logout')
  t.equal(logout.status, 200)
  t.equal(logout.setCookie.length, 2)
  t.same(logout.rejected, [])
  const cookies = parseSetCookie(logout.setCookie, { map: true })
  t.match(cookies['__Host-session'], { maxAge: 0, path: '/', secure: true })
  t.equal(cookies['__Host-session'].domain, undefined)
  t.match(cookies.prefs, { maxAge: 0, path: '/app', domain: 'example.com', secure: true })
  t.same(await browser.cookies('/app'), {}, 'logged out: the jar holds nothing')
})

test("the chapter's last-viewed cookie", async (t) => {
  const app = await appWith({ cookies: { last_viewed: { maxAge: 30 * 24 * 3600, httpOnly: true } } })
  app.get<{ Params: { id: string } }>('/products/:id', async (request, reply) => {
    reply.setCookie('last_viewed', request.params.id)
    return { product: request.params.id }
  })
  app.get('/', async (request) => ({ lastViewed: request.cookies.last_viewed ?? null }))
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  t.same(JSON.parse((await browser.get('/')).body), { lastViewed: null })
  const view = await browser.get('/products/sku-42')
  t.match(parseSetCookie(view.setCookie)[0], { name: 'last_viewed', value: 'sku-42', maxAge: 2592000, httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })
  await browser.get('/products/sku%20%C3%A9')
  t.same(JSON.parse((await browser.get('/')).body), { lastViewed: 'sku é' }, 'the last one viewed, non-ASCII intact')
})
