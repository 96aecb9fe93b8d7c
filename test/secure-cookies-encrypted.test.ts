// Encrypted cookies over a real socket, tough-cookie as the browser's jar: round trip, every byte
// tampered, replay under another name and after expiry, rotation across two app instances, the
// size limit, unicode and JSON values; and the key ring checked at registration.
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import { parseSetCookie } from 'set-cookie-parser'
import { randomBytes } from 'node:crypto'
import { secureCookies } from '../plugins/secure-cookies.js'
import type { SecureCookiesOptions } from '../types/options.js'
import { listen } from './helpers/server.js'
import { Browser, rawGet } from './helpers/cookie-browser.js'
import { logCapture } from './helpers/log-lines.js'

const HTTPS = 'https://shop.example.com'
const k1 = { id: 'k1', key: randomBytes(32) }
const k2 = { id: 'k2', key: randomBytes(32).toString('hex') }

async function appWith (options: SecureCookiesOptions, logger: object | false = false): Promise<FastifyInstance> {
  const app = Fastify({ trustProxy: true, logger })
  await app.register(secureCookies, options)
  app.get('/set', async (request, reply) => {
    const { value = 'post-42', name = 'last_viewed' } = request.query as { value?: string, name?: string }
    return reply.setCookie(name, value).send('ok')
  })
  app.get('/read', async (request) => {
    const { name = 'last_viewed' } = request.query as { name?: string }
    return { raw: request.cookies[name] ?? null, plain: request.readCookie(name) ?? null }
  })
  return app
}

const declared = { last_viewed: { encrypted: true, maxAge: 3600 }, other: { encrypted: true } }

test('round trip: the jar holds a sealed value, readCookie gives the plain one', async (t) => {
  const base = await listen(t, await appWith({ keys: [k1], cookies: declared }))
  const browser = new Browser(base, HTTPS)
  const set = await browser.get('/set')
  t.equal(set.status, 200)
  const [cookie] = parseSetCookie(set.setCookie)
  t.match(cookie, { name: 'last_viewed', maxAge: 3600, httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })
  t.match(cookie.value, /^k1\.[0-9a-z]+\.[A-Za-z0-9_-]+$/)
  t.notMatch(cookie.value, /post-42/, 'the plain value is not readable on the wire')
  t.same(set.rejected, [])
  const read = JSON.parse((await browser.get('/read')).body)
  t.equal(read.raw, cookie.value, 'request.cookies stays the raw value')
  t.equal(read.plain, 'post-42')
})

test('tampering with any one character of the value makes readCookie undefined, logged at debug', async (t) => {
  const { stream, lines } = logCapture()
  const base = await listen(t, await appWith({ keys: [k1], cookies: declared }, { level: 'debug', stream }))
  const set = await rawGet(base, '/set', { 'x-forwarded-proto': 'https' })
  const sealed = parseSetCookie(set.setCookie)[0].value
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'
  let refused = 0
  for (let i = 0; i < sealed.length; i++) {
    const swap = alphabet[(alphabet.indexOf(sealed[i]) + 1) % alphabet.length]
    const tampered = sealed.slice(0, i) + swap + sealed.slice(i + 1)
    const answer = await rawGet(base, '/read', { cookie: `last_viewed=${tampered}` })
    t.equal(answer.status, 200)
    if (JSON.parse(answer.body).plain === null) refused++
  }
  t.equal(refused, sealed.length, `all ${sealed.length} one-character changes refused`)
  const debug = lines.filter(line => line.level === 20 && line.cookie === 'last_viewed')
  t.equal(debug.length, sealed.length, 'each refusal logged at debug with the cookie name')
  t.match(debug[0], { msg: /readCookie/, reason: /./ })
  t.notOk(lines.some(line => line.level >= 40), 'nothing above debug: a client sending junk is no alarm')
})

test('a value replayed under another cookie name, or after its expiry, is refused', async (t) => {
  const base = await listen(t, await appWith({ keys: [k1], cookies: declared }))
  const set = await rawGet(base, '/set', { 'x-forwarded-proto': 'https' })
  const sealed = parseSetCookie(set.setCookie)[0].value
  const renamed = JSON.parse((await rawGet(base, '/read?name=other', { cookie: `other=${sealed}` })).body)
  t.same(renamed, { raw: sealed, plain: null }, 'replayed under another name')

  // The fake clock: an hour and a second later, the value is refused though a client kept sending it.
  const realNow = Date.now
  const start = realNow()
  t.teardown(() => { Date.now = realNow })
  Date.now = () => start + 3599_000
  t.equal(JSON.parse((await rawGet(base, '/read', { cookie: `last_viewed=${sealed}` })).body).plain, 'post-42', 'still fresh a second before')
  Date.now = () => start + 3601_000
  t.equal(JSON.parse((await rawGet(base, '/read', { cookie: `last_viewed=${sealed}` })).body).plain, null, 'expired')
})

test('rotation across two app instances with overlapping key rings', async (t) => {
  const before = await listen(t, await appWith({ keys: [k1], cookies: declared }))
  const after = await listen(t, await appWith({ keys: [k2, k1], cookies: declared }))
  const retired = await listen(t, await appWith({ keys: [k2], cookies: declared }))
  const oldValue = parseSetCookie((await rawGet(before, '/set?value=old', { 'x-forwarded-proto': 'https' })).setCookie)[0].value
  const newValue = parseSetCookie((await rawGet(after, '/set?value=new', { 'x-forwarded-proto': 'https' })).setCookie)[0].value
  t.match(oldValue, /^k1\./)
  t.match(newValue, /^k2\./, 'the first key of the ring seals')
  const read = async (base: string, value: string): Promise<string | null> =>
    JSON.parse((await rawGet(base, '/read', { cookie: `last_viewed=${value}` })).body).plain
  t.equal(await read(after, oldValue), 'old', 'the old value is read after rotation')
  t.equal(await read(after, newValue), 'new')
  t.equal(await read(before, newValue), null, 'a server without the new key refuses it (add keys everywhere first)')
  t.equal(await read(retired, oldValue), null, 'once the old key is retired its values are refused')
  t.equal(await read(retired, newValue), 'new')
})

test('unicode and JSON values, and the size rule on the sealed value', async (t) => {
  const app = await appWith({ keys: [k1], cookies: declared })
  app.get('/json', async (_request, reply) => reply.setCookie('other', JSON.stringify({ user: 'Zoë', tags: ['😀', 'ß'], n: 1 })).send('ok'))
  app.get('/size', async (request, reply) => reply.setCookie('other', 'x'.repeat(Number((request.query as { n: string }).n))).send('ok'))
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  await browser.get('/set?value=' + encodeURIComponent('naïve — 日本語 😀'))
  t.equal(JSON.parse((await browser.get('/read')).body).plain, 'naïve — 日本語 😀')
  await browser.get('/json')
  t.same(JSON.parse(JSON.parse((await browser.get('/read?name=other')).body).plain), { user: 'Zoë', tags: ['😀', 'ß'], n: 1 })

  // The largest value that fits: its Set-Cookie is at most 4096 bytes; one more byte is refused.
  let fits = 0
  for (let n = 2900; n < 3100; n++) {
    const answer = await rawGet(base, `/size?n=${n}`, { 'x-forwarded-proto': 'https' })
    if (answer.status !== 200) break
    fits = n
  }
  t.ok(fits > 2900, `a ${fits}-byte value fits`)
  const largest = await browser.get(`/size?n=${fits}`)
  t.ok(largest.setCookie[0].length <= 4096 && largest.setCookie[0].length > 4090, `its line is ${largest.setCookie[0].length} bytes`)
  t.same(largest.rejected, [], 'the jar keeps it')
  t.equal(JSON.parse((await browser.get('/read?name=other')).body).plain, 'x'.repeat(fits))
  const over = await rawGet(base, `/size?n=${fits + 3}`, { 'x-forwarded-proto': 'https' })
  t.equal(over.status, 500)
  t.match(JSON.parse(over.body), { code: 'FST_REPLYKIT_COOKIE_TOO_LARGE', message: /"other".*4096/ })
})

test('encrypted per call, and readCookie for signed, plain and undeclared cookies', async (t) => {
  const app = await appWith({ keys: [k2, k1], secret: 's'.repeat(32), cookies: { sig: { signed: true }, plain: {} } })
  app.get('/many', async (_request, reply) => {
    reply.setCookie('sealed_now', 'secret stuff', { encrypted: true, path: '/' })
    reply.setCookie('sealed_until', 'dated', { encrypted: true, expires: new Date(Date.now() + 60_000) })
    reply.setCookie('sig', 'signed-value')
    reply.setCookie('signed_call', 'v2', { signed: true })
    reply.setCookie('plain', 'p')
    reply.setCookie('loose', 'l')
    return 'ok'
  })
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  await browser.get('/many')
  const jar = await browser.cookies()
  t.match(jar.sealed_now, /^k2\.\./, 'no expiry given: a browser-session cookie, sealed without one')
  const read = async (name: string): Promise<unknown> => JSON.parse((await browser.get(`/read?name=${name}`)).body).plain
  t.equal(await read('sealed_now'), 'secret stuff', 'undeclared: recognised by its key id')
  t.match(jar.sealed_until, /^k2\.[0-9a-z]+\./, 'an Expires date is sealed in as the expiry')
  t.equal(await read('sealed_until'), 'dated')
  t.equal(await read('sig'), 'signed-value', 'declared signed')
  t.equal(await read('signed_call'), 'v2', 'undeclared, signed: unsigned')
  t.equal(await read('plain'), 'p', 'declared plain: the raw value')
  t.equal(await read('missing'), null)
  const forged = JSON.parse((await rawGet(base, '/read?name=sig', { cookie: 'sig=signed-value.forged' })).body)
  t.same(forged, { raw: 'signed-value.forged', plain: null }, 'a bad signature')
  const loose = JSON.parse((await rawGet(base, '/read?name=loose', { cookie: 'loose=l' })).body)
  t.equal(loose.plain, null, 'an undeclared cookie with a secret is read as signed: unsigned plain text is refused')

  const plainApp = await appWith({})
  const plainBase = await listen(t, plainApp)
  t.equal(JSON.parse((await rawGet(plainBase, '/read?name=a', { cookie: 'a=b' })).body).plain, 'b', 'no keys, no secret: the raw value')
})

test('encryption errors at the call carry their code', async (t) => {
  const app = await appWith({ keys: [k1] })
  app.get('/both', async (_request, reply) => reply.setCookie('a', 'v', { encrypted: true, signed: true }).send('ok'))
  const base = await listen(t, app)
  t.match(JSON.parse((await rawGet(base, '/both', {})).body), { code: 'FST_REPLYKIT_COOKIE_ATTRIBUTE', message: /"a".*drop signed/ })
  const noKeys = await appWith({})
  noKeys.get('/enc', async (_request, reply) => reply.setCookie('a', 'v', { encrypted: true }).send('ok'))
  const noKeysBase = await listen(t, noKeys)
  t.match(JSON.parse((await rawGet(noKeysBase, '/enc', {})).body), { code: 'FST_REPLYKIT_COOKIE_ATTRIBUTE', message: /"a".*needs secureCookies option keys/ })
})

test('keys are checked at registration', async (t) => {
  const cases: Array<[string, SecureCookiesOptions, string, RegExp]> = [
    ['a weak key', { keys: [{ id: 'a', key: 'password1234' }] }, 'FST_REPLYKIT_BAD_OPTION', /keys.*bits of entropy/],
    ['duplicate ids', { keys: [k1, { id: 'k1', key: randomBytes(32) }] }, 'FST_REPLYKIT_BAD_OPTION', /"k1" is used twice/],
    ['an empty ring', { keys: [] }, 'FST_REPLYKIT_BAD_OPTION', /keys/],
    ['encrypted without keys', { cookies: { a: { encrypted: true } } }, 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /"a".*needs secureCookies option keys.*declared/],
    ['encrypted and signed', { keys: [k1], secret: 'x'.repeat(32), cookies: { a: { encrypted: true, signed: true } } }, 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /drop signed/],
    ['encrypted in defaults', { keys: [k1], defaults: { encrypted: true } }, 'FST_REPLYKIT_BAD_OPTION', /defaults.*options\.cookies/],
    ['encrypted not a boolean', { keys: [k1], cookies: { a: { encrypted: 'yes' as unknown as boolean } } }, 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /encrypted must be a boolean/],
  ]
  for (const [label, options, code, message] of cases) {
    const app = Fastify()
    app.register(secureCookies, options)
    await t.rejects(async () => { await app.ready() }, { code, message }, label)
    await app.close()
  }
  const child = Fastify()
  await child.register(secureCookies, { keys: [k1] })
  await child.register(async (scope) => {
    await scope.register(secureCookies, { cookies: { inner: { encrypted: true } } })
    scope.get('/inner', async (request, reply) => reply.setCookie('inner', 'v').send(request.readCookie('inner') ?? 'none'))
  })
  const answer = await child.inject('/inner')
  t.match(answer.headers['set-cookie'], /^inner=k1\./, 'a child registration inherits the key ring')
  await child.close()
})

test('declared encrypted cookies: Max-Age per call with secure auto, a value broken on the fast path', async (t) => {
  const app = await appWith({ keys: [k1], cookies: { ...declared, auto_sealed: { encrypted: true, maxAge: 60, secure: 'auto' } } })
  app.get('/lone', async (_request, reply) => reply.setCookie('last_viewed', '\uD800').send('ok'))
  const base = await listen(t, app)
  // Plain http: secure 'auto' leaves Secure off; the expiry sealed in is the Max-Age from now.
  const before = Math.floor(Date.now() / 1000)
  const set = await rawGet(base, '/set?name=auto_sealed&value=v1', {})
  const [cookie] = parseSetCookie(set.setCookie)
  t.match(cookie, { name: 'auto_sealed', maxAge: 60, httpOnly: true, path: '/' })
  t.notOk(cookie.secure, 'not Secure over plain http')
  const expiry = parseInt(cookie.value.split('.')[1], 36)
  t.ok(expiry >= before + 60 && expiry <= Math.floor(Date.now() / 1000) + 60, 'sealed with now + Max-Age')
  t.same(JSON.parse((await rawGet(base, '/read?name=auto_sealed', { cookie: `auto_sealed=${cookie.value}` })).body).plain, 'v1')
  // A lone surrogate is refused at the call, before sealing.
  const lone = await rawGet(base, '/lone', { 'x-forwarded-proto': 'https' })
  t.equal(lone.status, 500)
  t.match(JSON.parse(lone.body), { code: 'FST_REPLYKIT_COOKIE_ATTRIBUTE', message: /"last_viewed".*surrogate/ })
  t.same(lone.setCookie, [], 'nothing of it is sent')
})
