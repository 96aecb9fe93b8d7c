// Hostile input, each a test: names, values, attribute injection, and request Cookie headers.
import { test } from 'tap'
import Fastify from 'fastify'
import { parseSetCookie } from 'set-cookie-parser'
import { secureCookies } from '../plugins/secure-cookies.js'
import { listen } from './helpers/server.js'
import { Browser, rawGet } from './helpers/cookie-browser.js'

const HTTPS = 'https://shop.example.com'
const loose = (value: unknown): any => value

const badNames: Array<[string, string]> = [
  ['semicolon', 'a;b'], ['equals', 'a=b'], ['space', 'a b'], ['tab', 'a\tb'], ['CR', 'a\rb'], ['LF', 'a\nb'],
  ['CRLF header injection', 'a\r\nSet-Cookie: admin=1'], ['NUL', 'a\u0000b'], ['non-ASCII', 'café'], ['emoji', 'a😀'],
  ['empty', ''], ['comma', 'a,b'], ['double quote', 'a"b'], ['slash', 'a/b'], ['brackets', 'a[0]'],
]

test('names with separators, whitespace, controls, non-ASCII or nothing are rejected', async (t) => {
  const app = Fastify()
  await app.register(secureCookies)
  app.get<{ Params: { n: string } }>('/set/:n', async (request, reply) => reply.setCookie(badNames[Number(request.params.n)][1], 'v').send('ok'))
  app.get<{ Params: { n: string } }>('/clear/:n', async (request, reply) => reply.clearCookie(badNames[Number(request.params.n)][1]).send('ok'))
  app.get('/number', async (_request, reply) => reply.setCookie(loose(42), 'v').send('ok'))
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  for (const [index, [label, name]] of badNames.entries()) {
    for (const action of ['set', 'clear']) {
      const answer = await browser.get(`/${action}/${index}`)
      t.equal(answer.status, 500, `${action} ${label}`)
      t.same(answer.setCookie, [], `${action} ${label}: no Set-Cookie`)
      const body = JSON.parse(answer.body)
      t.equal(body.code, 'FST_REPLYKIT_COOKIE_NAME', `${action} ${label}`)
      t.ok(body.message.includes(JSON.stringify(name)), `${label}: the message names it, escaped`)
      t.notOk(/[\r\n]/.test(body.message), `${label}: no raw CR or LF in the message`)
    }
  }
  t.match(JSON.parse((await browser.get('/number')).body), { code: 'FST_REPLYKIT_COOKIE_NAME', message: /42.*must be a string/ })
  t.same(await browser.cookies(), {})
})

const values = [
  'line\r\nSet-Cookie: admin=1', 'a\rb', 'a\nb', 'a; Domain=evil.example', 'two words', '"quoted"', "it's", 'café ☕ 😀',
  '%41%', 'back\\slash', 'comma,separated', '=', ';', ' leading and trailing ', '\u0000nul', '',
]

test('values with CR, LF, ;, spaces, quotes or non-ASCII are encoded, never split, and come back intact', async (t) => {
  const app = Fastify()
  await app.register(secureCookies)
  app.get<{ Params: { n: string } }>('/set/:n', async (request, reply) => reply.setCookie('v', values[Number(request.params.n)]).send('ok'))
  app.get('/echo', async (request) => ({ v: request.cookies.v ?? null }))
  const base = await listen(t, app)
  for (const [index, value] of values.entries()) {
    const browser = new Browser(base, HTTPS)
    const answer = await browser.get(`/set/${index}`)
    const label = JSON.stringify(value)
    t.equal(answer.status, 200, label)
    t.equal(answer.setCookie.length, 1, `${label}: one Set-Cookie line`)
    t.match(answer.setCookie[0], /^v=[!#$&'()*+\-./0-9:<=>?@A-Z[\]^_`a-z{|}~%]*; Path=\/; HttpOnly; Secure; SameSite=Lax$/, `${label}: one value, the default attributes, nothing injected`)
    const [parsed] = parseSetCookie(answer.setCookie)
    t.equal(parsed.value, value, `${label}: set-cookie-parser decodes the same value`)
    t.equal(parsed.domain, undefined, `${label}: no Domain smuggled in`)
    t.same(answer.rejected, [], `${label}: the jar stores it`)
    t.same(JSON.parse((await browser.get('/echo')).body), { v: value }, `${label}: request.cookies gets it back`)
  }
})

const injections: Array<[string, Record<string, unknown>]> = [
  ['domain with ; Secure', { domain: 'example.com; Secure' }],
  ['domain with CRLF', { domain: 'example.com\r\nSet-Cookie: admin=1' }],
  ['domain with a space', { domain: 'example.com HttpOnly' }],
  ['domain with a trailing dot', { domain: 'example.com.' }],
  ['domain empty', { domain: '' }],
  ['domain with a port', { domain: 'example.com:8080' }],
  ['domain with a URL', { domain: 'https://example.com' }],
  ['domain non-ASCII', { domain: 'exämple.com' }],
  ['domain over 1024 bytes', { domain: Array(20).fill('a'.repeat(60)).join('.') }],
  ['domain not a string', { domain: 42 }],
  ['path with ; HttpOnly', { path: '/; HttpOnly' }],
  ['path with CRLF', { path: '/\r\nX-Evil: 1' }],
  ['path with NUL', { path: '/a\u0000' }],
  ['path non-ASCII', { path: '/café' }],
  ['path without a leading slash', { path: 'app' }],
  ['path over 1024 bytes', { path: '/' + 'a'.repeat(1024) }],
  ['path not a string', { path: ['/'] }],
]

test('attribute injection through domain and path is rejected (the CVE-2024-47764 class)', async (t) => {
  const app = Fastify()
  await app.register(secureCookies)
  app.get<{ Params: { n: string } }>('/set/:n', async (request, reply) => reply.setCookie('c', 'v', loose(injections[Number(request.params.n)][1])).send('ok'))
  app.get<{ Params: { n: string } }>('/clear/:n', async (request, reply) => reply.clearCookie('c', loose(injections[Number(request.params.n)][1])).send('ok'))
  const base = await listen(t, app)
  for (const [index, [label]] of injections.entries()) {
    for (const action of ['set', 'clear']) {
      const answer = await rawGet(base, `/${action}/${index}`, {})
      t.equal(answer.status, 500, `${action} ${label}`)
      t.same(answer.setCookie, [], `${action} ${label}: no Set-Cookie`)
      t.match(JSON.parse(answer.body), { code: 'FST_REPLYKIT_COOKIE_ATTRIBUTE', message: /"c"/ }, `${action} ${label}`)
    }
  }
})

test('injection in a declared cookie or in the defaults fails app.ready()', async (t) => {
  const declared = Fastify()
  declared.register(secureCookies, { cookies: { sid: { path: '/; HttpOnly' } } })
  await t.rejects(async () => { await declared.ready() }, { code: 'FST_REPLYKIT_COOKIE_ATTRIBUTE', message: /"sid".*path.*options\.cookies/ })
  const defaults = Fastify()
  defaults.register(secureCookies, { defaults: { domain: 'example.com; Secure' } })
  await t.rejects(async () => { await defaults.ready() }, { code: 'FST_REPLYKIT_BAD_OPTION', message: /defaults.*domain/ })
})

const cookieHeaders: Array<[string, string | string[], Record<string, string>]> = [
  ['malformed: no equals', 'justaname', {}],
  ['malformed: only separators', ';;;; ; =; =', { '': '' }],
  ['malformed: empty pairs', 'a=1;;b=2; ;c', { a: '1', b: '2' }],
  ['malformed: double equals', 'a==b', { a: '=b' }],
  ['malformed: raw non-ASCII bytes and tabs', 'a=\u00ff\u00fe; b=\tok\t', { a: '\u00ff\u00fe', b: 'ok' }],
  ['huge: 8 KiB', 'big=' + 'x'.repeat(8192), { big: 'x'.repeat(8192) }],
  ['repeated Cookie headers', ['a=1', 'b=2'], { a: '1', b: '2' }],
  ['bad percent-encoding', 'a=%E0%A4%A; b=%zz; c=%; d=%41', { a: '%E0%A4%A', b: '%zz', c: '%', d: 'A' }],
  ['duplicate names: the first wins', 'a=1; a=2; a=3', { a: '1' }],
  ['prototype names', '__proto__=polluted; constructor=evil; toString=x; hasOwnProperty=y', {
    ['__proto__']: 'polluted', constructor: 'evil', toString: 'x', hasOwnProperty: 'y',
  }],
  ['nested prototype path', '__proto__[polluted]=1; constructor.prototype.polluted=1', { '__proto__[polluted]': '1', 'constructor.prototype.polluted': '1' }],
]

test('hostile Cookie request headers: the request is served, request.cookies is not polluted', async (t) => {
  const app = Fastify()
  await app.register(secureCookies)
  app.get('/echo', async (request, reply) => {
    const cookies = request.cookies
    reply.setCookie('seen', String(Object.keys(cookies).length))
    return {
      // Own entries only: what a handler iterating request.cookies sees.
      entries: Object.entries(cookies),
      protoOfCookies: Object.getPrototypeOf(Object.getPrototypeOf(cookies)),
      objectPrototypeClean: Object.getPrototypeOf({}) === Object.prototype && !('polluted' in {}) && typeof ({}).toString === 'function',
    }
  })
  const base = await listen(t, app)
  for (const [label, header, expected] of cookieHeaders) {
    const answer = await rawGet(base, '/echo', { cookie: header })
    t.equal(answer.status, 200, `${label}: served`)
    t.equal(answer.setCookie.length, 1, `${label}: setCookie still works`)
    const body = JSON.parse(answer.body)
    const entries = Object.fromEntries(body.entries)
    t.same(Object.keys(entries).sort(), Object.keys(expected).sort(), `${label}: names`)
    for (const key of Object.keys(expected)) t.equal(entries[key], expected[key], `${label}: ${key}`)
    t.equal(body.protoOfCookies, null, `${label}: request.cookies has no Object.prototype to pollute`)
    t.equal(body.objectPrototypeClean, true, `${label}: Object.prototype untouched`)
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})
