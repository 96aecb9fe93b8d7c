// The cookie wire check: Set-Cookie lines not written by setCookie (reply.header, another plugin's
// hook, a not-found answer, a route older than the plugin) get the secure defaults or are dropped
// and logged ('secure'), fail the answer ('strict'), or are left alone ('off'). Over a real
// socket; tough-cookie stores what a browser would, set-cookie-parser reads the lines.
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import { parseSetCookie } from 'set-cookie-parser'
import fastifyCookie from '@fastify/cookie'
import { secureCookies } from '../plugins/secure-cookies.js'
import type { SecureCookiesOptions } from '../types/options.js'
import { listen } from './helpers/server.js'
import { Browser, rawGet } from './helpers/cookie-browser.js'
import { logCapture, type LogLine } from './helpers/log-lines.js'

const HTTPS = 'https://shop.example.com'

async function appWith (options: SecureCookiesOptions, lines?: LogLine[]): Promise<FastifyInstance> {
  const capture = logCapture()
  if (lines !== undefined) capture.lines.push = (...items: LogLine[]) => lines.push(...items)
  const app = Fastify({ trustProxy: true, logger: lines === undefined ? false : { level: 'warn', stream: capture.stream } })
  await app.register(secureCookies, options)
  app.get('/raw', async (request, reply) => {
    for (const line of [(request.query as { line?: string | string[] }).line ?? []].flat()) reply.header('set-cookie', line)
    reply.setCookie('ours', '1')
    return 'the body'
  })
  return app
}

const query = (...lines: string[]): string => '/raw?' + lines.map(line => 'line=' + encodeURIComponent(line)).join('&')

test('raw lines get the secure defaults, or the declared cookie\'s attributes', async (t) => {
  const app = await appWith({ cookies: { app_pref: { path: '/app', sameSite: 'strict' } } })
  const base = await listen(t, app)
  const browser = new Browser(base, HTTPS)
  const answer = await browser.get(query('sid=abc', 'app_pref=x', 'kept=1; Path=/shop; SameSite=None; Secure'))
  t.equal(answer.body, 'the body')
  const cookies = parseSetCookie(answer.setCookie)
  t.same(cookies.map(c => [c.name, c.path, c.httpOnly, c.secure, c.sameSite]), [
    ['sid', '/', true, true, 'Lax'],
    ['app_pref', '/app', true, true, 'Strict'],
    ['kept', '/shop', true, true, 'None'],
    ['ours', '/', true, true, 'Lax'],
  ])
  t.same(answer.rejected, [])
  t.equal(answer.setCookie[3], 'ours=1; Path=/; HttpOnly; Secure; SameSite=Lax', 'our own line leaves as setCookie wrote it')
})

test("secure: 'auto' in the defaults: raw lines get Secure only over HTTPS", async (t) => {
  const base = await listen(t, await appWith({ defaults: { secure: 'auto' } }))
  const overHttp = await rawGet(base, query('a=1'), { 'x-forwarded-proto': 'http' })
  t.equal(parseSetCookie(overHttp.setCookie)[0].secure, undefined)
  const overHttps = await rawGet(base, query('a=1'), { 'x-forwarded-proto': 'https' })
  t.equal(parseSetCookie(overHttps.setCookie)[0].secure, true)
})

test('a raw line breaking a rule is dropped and logged with its code, route and cookie', async (t) => {
  const lines: LogLine[] = []
  const base = await listen(t, await appWith({}, lines))
  const cases: Array<[string, string, RegExp]> = [
    ['__Host-id=1; Domain=shop.example.com', 'FST_REPLYKIT_COOKIE_PREFIX', /Domain/],
    ['__Host-id=1; Path=/app', 'FST_REPLYKIT_COOKIE_PREFIX', /Path=\//],
    [`big=${'x'.repeat(4100)}`, 'FST_REPLYKIT_COOKIE_TOO_LARGE', /4096/],
    ['bad name=1', 'FST_REPLYKIT_COOKIE_NAME', /token/],
    ['Secure; a=1', 'FST_REPLYKIT_COOKIE_NAME', /empty/],
    ['a=1; Path=/x"><script>', 'FST_REPLYKIT_COOKIE_ATTRIBUTE', /path/],
  ]
  for (const [line, code, reason] of cases) {
    lines.length = 0
    const answer = await rawGet(base, query(line, 'fine=1'), {})
    t.equal(answer.status, 200, line.slice(0, 40))
    t.equal(answer.body, 'the body', 'the handler\'s body is kept')
    t.same(parseSetCookie(answer.setCookie).map(c => c.name), ['fine', 'ours'], 'only that line is dropped')
    t.match(lines, [{ level: 40, code, route: 'GET /raw', reason }])
  }
})

test('SameSite=None without Secure is dropped where Secure is off', async (t) => {
  const lines: LogLine[] = []
  const base = await listen(t, await appWith({ defaults: { secure: false } }, lines))
  const answer = await rawGet(base, query('x=1; SameSite=None'), {})
  t.same(parseSetCookie(answer.setCookie).map(c => c.name), ['ours'])
  t.match(lines, [{ code: 'FST_REPLYKIT_COOKIE_SAMESITE', cookie: 'x', msg: /"x" dropped/ }])
})

test("rawCookies: 'strict' makes a breaking line a 500 with FST_REPLYKIT_COOKIE_RAW", async (t) => {
  const base = await listen(t, await appWith({ rawCookies: 'strict' }))
  const answer = await rawGet(base, query('__Secure-x=1; Path=/', '__Host-y=1; Domain=example.com'), { 'x-forwarded-proto': 'https' })
  t.equal(answer.status, 500)
  t.match(JSON.parse(answer.body), { code: 'FST_REPLYKIT_COOKIE_RAW', message: /"__Host-y".*GET \/raw.*FST_REPLYKIT_COOKIE_PREFIX/ })
  t.notOk(answer.setCookie.some(line => line.startsWith('__Host-y')), 'the breaking line never leaves')
  const fine = await rawGet(base, query('plain=1'), {})
  t.equal(fine.status, 200, 'lines that only lack defaults are fixed, not failed')
  t.match(parseSetCookie(fine.setCookie)[0], { name: 'plain', secure: true, httpOnly: true })
})

test("rawCookies: 'off' leaves raw lines alone", async (t) => {
  const base = await listen(t, await appWith({ rawCookies: 'off' }))
  const answer = await rawGet(base, query('__Host-id=1; Domain=example.com', 'sid=abc'), {})
  t.same(answer.setCookie.slice(0, 2), ['__Host-id=1; Domain=example.com', 'sid=abc'])
  const bad = Fastify()
  bad.register(secureCookies, { rawCookies: 'loose' as 'off' })
  await t.rejects(async () => { await bad.ready() }, { code: 'FST_REPLYKIT_BAD_OPTION', message: /rawCookies/ })
})

test("another plugin's onSend hook, a not-found answer and a route older than the plugin are checked too", async (t) => {
  const app = Fastify({ trustProxy: true })
  app.get('/older', async (_request, reply) => reply.header('set-cookie', 'older=1').send('old route'))
  await app.register(secureCookies, {})
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/hooked') || request.url === '/missing') reply.header('set-cookie', 'from_hook=1')
  })
  app.get('/hooked', async () => 'hooked')
  const base = await listen(t, app)
  for (const [path, name, status] of [['/hooked', 'from_hook', 200], ['/older', 'older', 200]] as const) {
    const answer = await rawGet(base, path, {})
    t.equal(answer.status, status)
    t.match(parseSetCookie(answer.setCookie)[0], { name, path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }, path)
  }
  const notFound = Fastify()
  await notFound.register(secureCookies, {})
  notFound.addHook('onRequest', async (_request, reply) => { reply.header('set-cookie', ['tracker=1', '__Host-bad=1; Domain=x.example']) })
  const notFoundBase = await listen(t, notFound)
  const missing = await rawGet(notFoundBase, '/missing', {})
  t.equal(missing.status, 404)
  t.same(missing.setCookie, ['tracker=1; Path=/; Secure; HttpOnly; SameSite=Lax'], 'fixed, and the breaking line dropped, on a 404')
})

test('a hook that rewrites our line into a weaker one of the same count is checked, not taken for ours', async (t) => {
  const app = Fastify({ trustProxy: true })
  await app.register(secureCookies, {})
  app.addHook('onSend', async (_request, reply) => {
    // After @fastify/cookie's hook: our one line becomes a raw one without the secure attributes.
    reply.removeHeader('set-cookie')
    reply.header('set-cookie', 'ours=2')
  })
  app.get('/rewritten', async (_request, reply) => { reply.setCookie('ours', '1'); return 'body' })
  const base = await listen(t, app)
  const answer = await rawGet(base, '/rewritten', {})
  t.equal(answer.status, 200)
  t.match(parseSetCookie(answer.setCookie), [{ name: 'ours', value: '2', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }], 'the rewritten line got the secure defaults')
})

test('child registrations: one check per route, with the innermost settings', async (t) => {
  const app = Fastify()
  await app.register(secureCookies, {})
  await app.register(async (scope) => {
    await scope.register(secureCookies, { rawCookies: 'strict', cookies: { inner: { path: '/inner' } } })
    scope.get('/inner', async (_request, reply) => reply.header('set-cookie', 'inner=1').send('in'))
    scope.get('/inner/bad', async (_request, reply) => reply.header('set-cookie', '__Host-a=1; Path=/x').send('in'))
  })
  const inner = await app.inject('/inner')
  t.same(inner.headers['set-cookie'], ['inner=1; Path=/inner; Secure; HttpOnly; SameSite=Lax'], 'fixed once, with the inner declaration')
  t.equal((await app.inject('/inner/bad')).statusCode, 500)
  await app.close()
})

test('our lines are on the reply at the call, in the place of the line a later set of the same cookie replaces', async (t) => {
  const app = Fastify({ trustProxy: true })
  await app.register(secureCookies, {})
  const seen: unknown[] = []
  app.get('/again', async (request, reply) => {
    reply.setCookie('a', '1').setCookie('b', '1')
    seen.push(reply.getHeader('set-cookie'))
    reply.setCookie('a', '2') // replaces a=1 where it stands
    if ((request.query as { rewrite?: string }).rewrite === 'string') {
      // The header rewritten by hand: the next line of `a` has no line of its own to replace.
      reply.removeHeader('set-cookie')
      reply.header('set-cookie', 'raw=1')
      reply.setCookie('a', '3')
    } else if ((request.query as { rewrite?: string }).rewrite === 'array') {
      reply.removeHeader('set-cookie')
      reply.header('set-cookie', ['raw=1', 'raw2=1'])
      reply.setCookie('a', '3')
    }
    return 'body'
  })
  const base = await listen(t, app)
  const plain = await rawGet(base, '/again', {})
  t.same(seen[0], ['a=1; Path=/; HttpOnly; Secure; SameSite=Lax', 'b=1; Path=/; HttpOnly; Secure; SameSite=Lax'], 'visible to code before onSend')
  t.same(parseSetCookie(plain.setCookie).map(c => `${c.name}=${c.value}`), ['a=2', 'b=1'], 'a=2 in the place of a=1')
  for (const rewrite of ['string', 'array']) {
    const answer = await rawGet(base, `/again?rewrite=${rewrite}`, {})
    t.same(parseSetCookie(answer.setCookie).map(c => [c.name, c.value, c.httpOnly, c.secure]), [
      ['raw', '1', true, true], ...(rewrite === 'array' ? [['raw2', '1', true, true]] : []), ['a', '3', true, true],
    ], `after a rewrite by hand (${rewrite}): the raw lines fixed, ours added`)
  }
})

test('where the app registered @fastify/cookie: its queue writes our lines, clears too, and a line replaced after its hook ran is dropped', async (t) => {
  const app = Fastify({ trustProxy: true })
  await app.register(fastifyCookie)
  await app.register(secureCookies, {})
  app.addHook('onSend', (_request, reply, payload, done) => {
    // After @fastify/cookie's hook has run, its setCookie writes at once: two lines of one cookie.
    reply.setCookie('late', '1').setCookie('late', '2')
    done(null, payload)
  })
  app.get('/clear', async (_request, reply) => reply.setCookie('gone', 'x').clearCookie('gone').send('cleared'))
  const base = await listen(t, app)
  const answer = await rawGet(base, '/clear', {})
  t.equal(answer.body, 'cleared')
  const cookies = parseSetCookie(answer.setCookie)
  t.same(cookies.map(c => [c.name, c.value, c.maxAge]), [['gone', '', 0], ['late', '2', undefined]], 'the clear, and only the last line of `late`')
  t.match(cookies[0], { path: '/', httpOnly: true, secure: true, sameSite: 'Lax' })
})
