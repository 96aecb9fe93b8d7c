// Registration: with or without @fastify/cookie, twice, in encapsulated contexts; options and
// declared cookies checked so a broken configuration fails app.ready().
import { test } from 'tap'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import fastifyCookie from '@fastify/cookie'
import { parseSetCookie } from 'set-cookie-parser'
import { secureCookies } from '../plugins/secure-cookies.js'
import type { SecureCookiesOptions } from '../types/options.js'
import { listen } from './helpers/server.js'
import { Browser } from './helpers/cookie-browser.js'

const HTTPS = 'https://shop.example.com'
const HTTP = 'http://shop.example.com'
const loose = (value: unknown): any => value

/** Adds GET `path` that sets `name` and answers with the Set-Cookie attributes, or the error. */
function route (app: FastifyInstance, path: string, set: (reply: FastifyReply) => unknown): void {
  app.get(path, async (_request, reply) => { set(reply); return 'ok' })
}

async function setCookieOf (base: string, path: string, origin = HTTPS) {
  const answer = await new Browser(base, origin).get(path)
  return { status: answer.status, cookie: parseSetCookie(answer.setCookie)[0], body: answer.body }
}

test('@fastify/cookie registered first: ours builds on it, its secret signs', async (t) => {
  const app = Fastify()
  await app.register(fastifyCookie, { secret: 'app-secret-app-secret-app-secret' })
  await app.register(secureCookies, { cookies: { sid: { signed: true } } })
  route(app, '/set', r => r.setCookie('sid', 'u1'))
  app.get('/read', async (request) => request.unsignCookie(request.cookies.sid!))
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  const answer = await browser.get('/set')
  t.match(parseSetCookie(answer.setCookie)[0], { name: 'sid', value: /^u1\./, httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })
  t.match(JSON.parse((await browser.get('/read')).body), { valid: true, value: 'u1' })
})

test('ours alone registers @fastify/cookie, so plugins that depend on it load after', async (t) => {
  const app = Fastify()
  await app.register(secureCookies, { secret: 'our-secret-our-secret-our-secret' })
  t.ok(app.hasPlugin('@fastify/cookie'))
  let dependentLoaded = false
  await app.register(fp(async () => { dependentLoaded = true }, { name: 'needs-cookies', dependencies: ['@fastify/cookie'] }))
  t.ok(dependentLoaded)
  route(app, '/set', r => r.setCookie('sid', 'u1', { signed: true }))
  const base = await listen(t, app)
  const { cookie } = await setCookieOf(base, '/set')
  t.match(cookie, { value: /^u1\./, secure: true, httpOnly: true })
})

test('@fastify/cookie registered after ours, in the same context, is refused by Fastify (it would decorate twice)', async (t) => {
  // Documented: register @fastify/cookie first, or let secureCookies register it.
  const app = Fastify()
  app.register(secureCookies)
  app.register(fastifyCookie)
  await t.rejects(async () => { await app.ready() }, { code: 'FST_ERR_DEC_ALREADY_PRESENT' })
})

test('an app @fastify/cookie without a secret gets our secret as its signer', async (t) => {
  const app = Fastify()
  await app.register(fastifyCookie)
  await app.register(secureCookies, { secret: 'our-secret-our-secret-our-secret' })
  route(app, '/set', r => r.setCookie('sid', 'u1', { signed: true }))
  app.get('/read', async (request, reply) => ({ request: request.unsignCookie(request.cookies.sid!), app: app.unsignCookie(request.cookies.sid!).valid, reply: reply.unsignCookie(reply.signCookie('x')).value }))
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  await browser.get('/set')
  t.match(JSON.parse((await browser.get('/read')).body), { request: { valid: true, value: 'u1' }, app: true, reply: 'x' })
})

test('an app @fastify/cookie with its own secret and a secret of ours: refused, naming the option', async (t) => {
  const app = Fastify()
  app.register(fastifyCookie, { secret: 'theirs-theirs-theirs-theirs-theirs' })
  app.register(secureCookies, { secret: 'ours-ours-ours-ours-ours-ours-ours' })
  await t.rejects(async () => { await app.ready() }, { code: 'FST_REPLYKIT_BAD_OPTION', message: /secret/ })
})

test('registered twice in one context: the second layers over the first', async (t) => {
  const app = Fastify()
  await app.register(secureCookies, { defaults: { sameSite: 'strict' }, cookies: { sid: { maxAge: 60 } } })
  await app.register(secureCookies, { cookies: { cart: { path: '/cart' } } })
  route(app, '/sid', r => r.setCookie('sid', '1'))
  route(app, '/cart', r => r.setCookie('cart', '1'))
  const base = await listen(t, app)
  t.match((await setCookieOf(base, '/sid')).cookie, { sameSite: 'Strict', maxAge: 60, path: '/' })
  t.match((await setCookieOf(base, '/cart')).cookie, { sameSite: 'Strict', path: '/cart' })
})

test('encapsulation: ours in a child context applies there only', async (t) => {
  const app = Fastify()
  await app.register(fastifyCookie)
  route(app, '/root', r => r.setCookie('c', '1'))
  await app.register(async (child) => {
    await child.register(secureCookies, { defaults: { sameSite: 'strict' } })
    route(child, '/child', r => r.setCookie('c', '1'))
    await child.register(async (grandchild) => { route(grandchild, '/grandchild', r => r.setCookie('c', '1')) })
  })
  await app.register(async (sibling) => { route(sibling, '/sibling', r => r.setCookie('c', '1')) })
  const base = await listen(t, app)
  for (const path of ['/child', '/grandchild']) {
    t.match((await setCookieOf(base, path)).cookie, { httpOnly: true, secure: true, sameSite: 'Strict' }, `${path} has our defaults`)
  }
  for (const path of ['/root', '/sibling']) {
    const { cookie } = await setCookieOf(base, path, HTTP)
    t.equal(cookie.httpOnly, undefined, `${path} is left to @fastify/cookie`)
    t.equal(cookie.secure, undefined, `${path} is left to @fastify/cookie`)
  }
})

test('a child registration layers over its parent: declared cookies, defaults, onlyDeclared', async (t) => {
  const app = Fastify()
  await app.register(secureCookies, { defaults: { sameSite: 'strict' }, cookies: { sid: { maxAge: 60 } } })
  route(app, '/parent/other', r => r.setCookie('other', '1'))
  await app.register(async (child) => {
    await child.register(secureCookies, { defaults: { priority: 'high' }, cookies: { cart: {} }, onlyDeclared: true })
    route(child, '/child/sid', r => r.setCookie('sid', '1'))
    route(child, '/child/cart', r => r.setCookie('cart', '1'))
    route(child, '/child/other', r => r.setCookie('other', '1'))
  })
  const base = await listen(t, app)
  t.equal((await setCookieOf(base, '/parent/other')).status, 200, 'the parent still allows undeclared names')
  const sid = await new Browser(base, HTTPS).get('/child/sid')
  t.match(parseSetCookie(sid.setCookie)[0], { sameSite: 'Strict', maxAge: 60 }, "the parent's declaration, re-resolved")
  t.match(sid.setCookie[0], /Priority=High/, "over the child's defaults")
  t.equal((await setCookieOf(base, '/child/cart')).status, 200)
  const other = await setCookieOf(base, '/child/other')
  t.match(JSON.parse(other.body), { code: 'FST_REPLYKIT_COOKIE_UNDECLARED' })
})

test("a declared cookie with secure: 'auto' and a prefix passes registration, and is checked per request", async (t) => {
  const app = Fastify({ trustProxy: true })
  await app.register(secureCookies, { cookies: { '__Host-sid': { secure: 'auto' } } })
  route(app, '/set', r => r.setCookie('__Host-sid', '1'))
  const base = await listen(t, app)
  t.match((await setCookieOf(base, '/set', HTTPS)).cookie, { secure: true })
  const overHttp = await setCookieOf(base, '/set', HTTP)
  t.match(JSON.parse(overHttp.body), { code: 'FST_REPLYKIT_COOKIE_PREFIX', message: /"__Host-sid".*needs Secure/ })
})

const badOptions: Array<[string, unknown, RegExp]> = [
  ['an unknown option', { onlyDeclare: true }, /onlyDeclare/],
  ['an empty secret', { secret: '' }, /secret/],
  ['an empty secret list', { secret: [] }, /secret/],
  ['a secret list with a number', { secret: ['ok-secret', 42] }, /secret/],
  ['a number secret', { secret: 42 }, /secret/],
  ['defaults with a bad sameSite', { defaults: { sameSite: 'loose' } }, /defaults.*sameSite/],
  ['defaults with an unknown key', { defaults: { samesite: 'lax' } }, /defaults.*samesite/],
  ['defaults that break a combined rule', { defaults: { sameSite: 'none', secure: false } }, /defaults.*SameSite=None needs Secure/],
  ['cookies not an object', { cookies: ['sid'] }, /cookies/],
  ['cookies null', { cookies: null }, /cookies/],
  ['onlyDeclared not a boolean', { onlyDeclared: 'yes' }, /onlyDeclared/],
]

test('bad options fail app.ready() with FST_REPLYKIT_BAD_OPTION naming the option', async (t) => {
  for (const [label, options, message] of badOptions) {
    const app = Fastify()
    app.register(secureCookies, options as SecureCookiesOptions)
    await t.rejects(async () => { await app.ready() }, { code: 'FST_REPLYKIT_BAD_OPTION', message }, label)
  }
  await t.rejects(secureCookies(Fastify(), loose('secure')), { code: 'FST_REPLYKIT_BAD_OPTION', message: /must be an object/ }, 'options not an object')
})

const badDeclarations: Array<[string, Record<string, unknown>, string, RegExp]> = [
  ['an invalid name', { 'session id': {} }, 'FST_REPLYKIT_COOKIE_NAME', /"session id"/],
  ['__Host- with Path=/app', { '__Host-sid': { path: '/app' } }, 'FST_REPLYKIT_COOKIE_PREFIX', /"__Host-sid".*options\.cookies/],
  ['__Secure- without Secure', { '__Secure-sid': { secure: false } }, 'FST_REPLYKIT_COOKIE_PREFIX', /"__Secure-sid"/],
  ['SameSite=None without Secure', { embed: { sameSite: 'none', secure: false } }, 'FST_REPLYKIT_COOKIE_SAMESITE', /"embed"/],
  ['Partitioned without Secure', { chip: { partitioned: true, secure: false } }, 'FST_REPLYKIT_COOKIE_PARTITIONED', /"chip"/],
  ['a negative maxAge', { m: { maxAge: -5 } }, 'FST_REPLYKIT_COOKIE_MAX_AGE', /"m"/],
  ['an invalid expires', { e: { expires: new Date(Number.NaN) } }, 'FST_REPLYKIT_COOKIE_EXPIRES', /"e"/],
  ['options not an object', { o: 'Secure' }, 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /"o"/],
  ['signed without a secret', { sid: { signed: true } }, 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /"sid".*signed needs a secret/],
]

test('a broken declared cookie fails app.ready() with its rule code and name', async (t) => {
  for (const [label, cookies, code, message] of badDeclarations) {
    const app = Fastify()
    app.register(secureCookies, { cookies } as SecureCookiesOptions)
    await t.rejects(async () => { await app.ready() }, { code, message }, label)
  }
})
