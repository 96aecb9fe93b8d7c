// The rules, thrown at the call with a FST_REPLYKIT_COOKIE_* code that names the cookie, checked
// over a real socket; the cookies that pass are checked against tough-cookie's prefix rules.
import { test } from 'tap'
import Fastify, { type FastifyReply } from 'fastify'
import { parseSetCookie } from 'set-cookie-parser'
import { CookieJar } from 'tough-cookie'
import { secureCookies } from '../plugins/secure-cookies.js'
import { listen } from './helpers/server.js'
import { Browser } from './helpers/cookie-browser.js'

const HTTPS = 'https://shop.example.com'

type Call = (reply: FastifyReply) => unknown
// JavaScript callers and `any` bypass the types: these are what they can pass.
const loose = (value: unknown): any => value

const refused: Array<[string, string, RegExp, Call]> = [
  ['__Host- without Secure', 'FST_REPLYKIT_COOKIE_PREFIX', /"__Host-id".*needs Secure/, r => r.setCookie('__Host-id', 'v', { secure: false })],
  ['__Host- with Domain', 'FST_REPLYKIT_COOKIE_PREFIX', /forbids Domain/, r => r.setCookie('__Host-id', 'v', { domain: 'example.com' })],
  ['__Host- with another Path', 'FST_REPLYKIT_COOKIE_PREFIX', /needs Path=\//, r => r.setCookie('__Host-id', 'v', { path: '/app' })],
  ['__HOST- matched case-insensitively', 'FST_REPLYKIT_COOKIE_PREFIX', /"__HOST-id"/, r => r.setCookie('__HOST-id', 'v', { path: '/app' })],
  ['__Secure- without Secure', 'FST_REPLYKIT_COOKIE_PREFIX', /"__Secure-id".*needs Secure/, r => r.setCookie('__Secure-id', 'v', { secure: false })],
  ['__secure- matched case-insensitively', 'FST_REPLYKIT_COOKIE_PREFIX', /"__secure-id"/, r => r.setCookie('__secure-id', 'v', { secure: false })],
  ['__Http- without HttpOnly', 'FST_REPLYKIT_COOKIE_PREFIX', /__Http- needs HttpOnly/, r => r.setCookie('__Http-id', 'v', { httpOnly: false })],
  ['__Host-Http- without HttpOnly', 'FST_REPLYKIT_COOKIE_PREFIX', /__Host-Http- needs HttpOnly/, r => r.setCookie('__Host-Http-id', 'v', { httpOnly: false })],
  ['__Host- clearCookie with Domain', 'FST_REPLYKIT_COOKIE_PREFIX', /forbids Domain/, r => r.clearCookie('__Host-id', { domain: 'example.com' })],
  ['SameSite=None without Secure', 'FST_REPLYKIT_COOKIE_SAMESITE', /"embed".*SameSite=None needs Secure/, r => r.setCookie('embed', 'v', { sameSite: 'none', secure: false })],
  ['SameSite garbage', 'FST_REPLYKIT_COOKIE_SAMESITE', /"s"/, r => r.setCookie('s', 'v', { sameSite: loose('loose') })],
  ['SameSite of another type', 'FST_REPLYKIT_COOKIE_SAMESITE', /"s"/, r => r.setCookie('s', 'v', { sameSite: loose(1) })],
  ['Partitioned without Secure', 'FST_REPLYKIT_COOKIE_PARTITIONED', /"chip".*Partitioned needs Secure/, r => r.setCookie('chip', 'v', { partitioned: true, secure: false })],
  ['Partitioned not a boolean', 'FST_REPLYKIT_COOKIE_PARTITIONED', /must be a boolean/, r => r.setCookie('chip', 'v', { partitioned: loose('yes') })],
  ['priority garbage', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /"p".*priority/, r => r.setCookie('p', 'v', { priority: loose('urgent') })],
  ['priority of another type', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /priority/, r => r.setCookie('p', 'v', { priority: loose(3) })],
  ['httpOnly not a boolean', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /httpOnly must be a boolean/, r => r.setCookie('h', 'v', { httpOnly: loose('true') })],
  ['secure not a boolean', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /secure must be/, r => r.setCookie('h', 'v', { secure: loose('yes') })],
  ['an unknown option', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /unknown option "encode"/, r => r.setCookie('h', 'v', loose({ encode: (v: string) => v }))],
  ['options not an object', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /must be an object/, r => r.setCookie('h', 'v', loose('Secure'))],
  ['signed without a secret', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /signed needs a secret/, r => r.setCookie('sig', 'v', { signed: true })],
  ['a value that is not a string', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /value must be a string, not object/, r => r.setCookie('v', loose({ a: 1 }))],
  ['a value that is not a string, with options', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /value must be a string, not undefined/, r => r.setCookie('v', loose(undefined), { maxAge: 60 })],
  ['a value with a lone surrogate', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /lone UTF-16 surrogate/, r => r.setCookie('v', 'a\uD800b')],
  ['maxAge negative', 'FST_REPLYKIT_COOKIE_MAX_AGE', /"m".*must not be negative/, r => r.setCookie('m', 'v', { maxAge: -1 })],
  ['maxAge NaN', 'FST_REPLYKIT_COOKIE_MAX_AGE', /finite/, r => r.setCookie('m', 'v', { maxAge: Number.NaN })],
  ['maxAge Infinity', 'FST_REPLYKIT_COOKIE_MAX_AGE', /finite/, r => r.setCookie('m', 'v', { maxAge: Number.POSITIVE_INFINITY })],
  ['maxAge a string', 'FST_REPLYKIT_COOKIE_MAX_AGE', /finite/, r => r.setCookie('m', 'v', { maxAge: loose('60') })],
  ['expires an invalid Date', 'FST_REPLYKIT_COOKIE_EXPIRES', /"e".*valid date/, r => r.setCookie('e', 'v', { expires: new Date('tomorrow') })],
  ['expires a string', 'FST_REPLYKIT_COOKIE_EXPIRES', /must be a Date/, r => r.setCookie('e', 'v', { expires: loose('2030-01-01') })],
  ['expires past the year 9999', 'FST_REPLYKIT_COOKIE_EXPIRES', /valid date/, r => r.setCookie('e', 'v', { expires: new Date('+010000-01-01T00:00:00Z') })],
  ['expires before 1601', 'FST_REPLYKIT_COOKIE_EXPIRES', /valid date/, r => r.setCookie('e', 'v', { expires: new Date('1500-01-01T00:00:00Z') })],
  ['a value over 4096 bytes', 'FST_REPLYKIT_COOKIE_TOO_LARGE', /"big".*4097 bytes/, r => r.setCookie('big', 'a'.repeat(4097 - 'big=; Path=/; HttpOnly; Secure; SameSite=Lax'.length))],
  ['short in characters, long once encoded', 'FST_REPLYKIT_COOKIE_TOO_LARGE', /"euro"/, r => r.setCookie('euro', '€'.repeat(500))],
]

test('every broken rule throws at the call, with its code and the cookie name; nothing is sent', async (t) => {
  const app = Fastify()
  await app.register(secureCookies)
  app.get<{ Params: { n: string } }>('/case/:n', async (request, reply) => {
    const [, , , call] = refused[Number(request.params.n)]
    call(reply)
    return 'sent anyway'
  })
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  for (const [index, [label, code, message]] of refused.entries()) {
    const answer = await browser.get(`/case/${index}`)
    t.equal(answer.status, 500, label)
    t.same(answer.setCookie, [], `${label}: no Set-Cookie`)
    const body = JSON.parse(answer.body)
    t.equal(body.code, code, label)
    t.match(body.message, message, label)
  }
})

test('the limits themselves pass, and tough-cookie stores what we let through', async (t) => {
  const fits = 'a'.repeat(4096 - 'big=; Path=/; HttpOnly; Secure; SameSite=Lax'.length)
  const app = Fastify()
  await app.register(secureCookies)
  app.get('/ok', async (_request, reply) => {
    reply.setCookie('big', fits)
    reply.setCookie('__Host-id', 'h')
    reply.setCookie('__Secure-id', 's', { domain: 'example.com' })
    reply.setCookie('__Host-Http-id', 'hh')
    reply.setCookie('embed', 'e', { sameSite: 'none', partitioned: true })
    reply.setCookie('strict', 'x', { sameSite: 'Strict' as 'strict', priority: 'HIGH' as 'high' })
    reply.setCookie('none', 'x', { sameSite: false })
    reply.setCookie('max', 'x', { maxAge: 0 })
    reply.setCookie('accent', 'é'.repeat(300))
    return 'ok'
  })
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  const answer = await browser.get('/ok')
  t.equal(answer.status, 200)
  t.equal(answer.setCookie[0].length, 4096, 'exactly 4096 bytes is allowed')
  t.same(answer.rejected, [], 'the jar accepts every one')
  const parsed = parseSetCookie(answer.setCookie, { map: true })
  t.equal(parsed.strict.sameSite, 'Strict')
  t.match(answer.setCookie.find(l => l.startsWith('strict=')), /Priority=High/)
  t.equal(parsed.none.sameSite, undefined, 'sameSite: false writes no SameSite')
  t.same(Object.keys(await browser.cookies()).sort(), ['__Host-Http-id', '__Host-id', '__Secure-id', 'accent', 'big', 'embed', 'none', 'strict'])
})

test('tough-cookie agrees with the prefix rules we enforce', async (t) => {
  // What the jar would do with the cookies we refuse: it drops them too, so throwing tells the truth.
  const jar = new CookieJar(undefined, { prefixSecurity: 'strict' })
  await t.rejects(jar.setCookie('__Host-id=v; Secure; Path=/app', HTTPS + '/app/'), 'jar refuses __Host- with Path=/app')
  await t.rejects(jar.setCookie('__Host-id=v; Secure; Path=/; Domain=example.com', HTTPS + '/'), 'jar refuses __Host- with Domain')
  await t.rejects(jar.setCookie('__Secure-id=v; Path=/', HTTPS + '/'), 'jar refuses __Secure- without Secure')
  t.ok(await jar.setCookie('__Host-id=v; Secure; Path=/', HTTPS + '/'))
})

test('the size rule counts the signature of a signed cookie', async (t) => {
  const app = Fastify()
  await app.register(secureCookies, { secret: 'a-secret-a-secret-a-secret-a-secret' })
  // 'sig=' + value + '.' + 43 signature characters + the default attributes.
  const room = 4096 - 'sig=.; Path=/; HttpOnly; Secure; SameSite=Lax'.length - 43
  app.get('/fits', async (_request, reply) => reply.setCookie('sig', 'a'.repeat(room), { signed: true }).send('ok'))
  app.get('/over', async (_request, reply) => reply.setCookie('sig', 'a'.repeat(room + 1), { signed: true }).send('ok'))
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  const fits = await browser.get('/fits')
  t.equal(fits.setCookie[0].length, 4096)
  t.same(fits.rejected, [])
  const over = await browser.get('/over')
  t.equal(over.status, 500)
  t.match(JSON.parse(over.body), { code: 'FST_REPLYKIT_COOKIE_TOO_LARGE', message: /"sig".*4097 bytes/ })
})

test('the rules hold on the short call too: setCookie(name, value) under defaults that turn Secure off', async (t) => {
  const app = Fastify()
  await app.register(secureCookies, { defaults: { secure: false } })
  app.get('/plain', async (_request, reply) => reply.setCookie('plain', 'v').send('ok'))
  app.get('/prefixed', async (_request, reply) => reply.setCookie('__Secure-x', 'v').send('ok'))
  const base = await listen(t, app)
  const browser = new Browser(base, 'http://shop.example.com')
  const plain = await browser.get('/plain')
  t.same(plain.rejected, [], 'an http origin stores a cookie without Secure')
  t.same(await browser.cookies(), { plain: 'v' })
  const prefixed = await browser.get('/prefixed')
  t.match(JSON.parse(prefixed.body), { code: 'FST_REPLYKIT_COOKIE_PREFIX', message: /"__Secure-x".*needs Secure/ })
  t.same(prefixed.setCookie, [])
})

test('names are checked once and remembered, a bounded number of them; a refused name is refused every time', async (t) => {
  const app = Fastify()
  await app.register(secureCookies, { defaults: { secure: false } })
  app.get('/set/:name', async (request, reply) => reply.setCookie((request.params as { name: string }).name, 'v').send('ok'))
  const base = await listen(t, app)
  // More names than are remembered: each still gets the defaults, remembered or not.
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`${base}/set/n${i}`)
    const [cookie] = parseSetCookie(res.headers.getSetCookie())
    if (res.status !== 200 || cookie?.name !== `n${i}` || cookie.secure === true || cookie.httpOnly !== true) {
      t.fail(`n${i}: ${res.status} ${JSON.stringify(cookie)}`)
      return
    }
  }
  t.pass('300 names, each with HttpOnly, no Secure, Path=/')
  for (const round of [1, 2, 3]) {
    const res = await fetch(`${base}/set/__Secure-x`)
    t.equal(res.status, 500, `a prefixed name without Secure, call ${round}`)
    t.match(await res.json(), { code: 'FST_REPLYKIT_COOKIE_PREFIX' })
    t.same(res.headers.getSetCookie(), [])
  }
})
