// cacheControl over a real socket, with http-cache-semantics as the independent cache.
import { test } from 'tap'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import cookie from '@fastify/cookie'
import CacheSemantics from 'http-cache-semantics'
import { request } from 'undici'
import { cacheControl } from '../plugins/cache-control.js'
import { routeRegistry } from '../plugins/suite/route-record.js'
import { listen } from './helpers/server.js'
import type { CacheControlOptions } from '../types/options.js'

interface Answer { status: number, headers: Record<string, string>, body: string }

async function call (base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const res = await request(base + path, { method, headers })
  const body = await res.body.text()
  return { status: res.statusCode, headers: res.headers as Record<string, string>, body }
}

/** http-cache-semantics on a stopped clock, so time to live does not depend on how fast the test runs. */
class StoppedClockCache extends CacheSemantics {
  now (): number { return 1_800_000_000_000 }
}

/** How an independent HTTP cache (shared, e.g. a CDN, or private, a browser) sees an answer. */
function cacheView (answer: Answer, shared: boolean, requestHeaders: Record<string, string> = {}) {
  return new StoppedClockCache({ method: 'GET', url: '/', headers: requestHeaders }, { status: answer.status, headers: answer.headers }, { shared })
}

async function app (options: CacheControlOptions = {}, routes: (app: FastifyInstance) => void = () => {}, server: FastifyServerOptions = {}) {
  const instance = Fastify(server)
  await instance.register(cookie)
  await instance.register(cacheControl, options)
  routes(instance)
  return instance
}

test('built-in presets, as a shared and a private cache see them', async (t) => {
  const instance = await app({}, (a) => {
    for (const preset of ['public', 'private', 'no-store', 'revalidate', 'immutable']) {
      a.get(`/${preset}`, { config: { cache: preset } }, async () => ({ preset }))
    }
  })
  const base = await listen(t, instance)
  const expected: Record<string, { header: string, shared: boolean, private: boolean, ttl: number }> = {
    public: { header: 'public, max-age=60', shared: true, private: true, ttl: 60000 },
    private: { header: 'private, no-store', shared: false, private: false, ttl: 0 },
    'no-store': { header: 'no-store', shared: false, private: false, ttl: 0 },
    revalidate: { header: 'no-cache', shared: true, private: true, ttl: 0 },
    immutable: { header: 'public, max-age=31536000, immutable', shared: true, private: true, ttl: 31536000000 },
  }
  for (const [preset, want] of Object.entries(expected)) {
    const answer = await call(base, `/${preset}`)
    t.equal(answer.status, 200)
    t.equal(answer.headers['cache-control'], want.header, `${preset}: header`)
    const shared = cacheView(answer, true)
    const browser = cacheView(answer, false)
    t.equal(shared.storable(), want.shared, `${preset}: shared cache may store`)
    t.equal(browser.storable(), want.private, `${preset}: private cache may store`)
    t.equal(shared.timeToLive(), want.ttl, `${preset}: shared time to live`)
    t.equal(browser.timeToLive(), want.ttl, `${preset}: private time to live`)
    t.equal(answer.headers.etag !== undefined, preset === 'revalidate', `${preset}: ETag only with etag: true`)
    const head = await call(base, `/${preset}`, {}, 'HEAD')
    t.equal(head.headers['cache-control'], want.header, `${preset}: HEAD carries the same policy`)
  }
  t.same(routeRegistry(instance).records.map(r => `${r.method} ${r.url} ${r.cache}`).sort(), Object.entries(expected)
    .flatMap(([p, w]) => [`GET /${p} ${w.header}`, `HEAD /${p} ${w.header}`]).sort(), 'the static header is in the route record')
})

test('custom presets, durations, raw header values, every directive, CDN-Cache-Control', async (t) => {
  const instance = await app({ presets: { article: { preset: 'public', maxAge: '5m', sMaxAge: '1h', staleWhileRevalidate: '30s' } } }, (a) => {
    a.get('/article', { config: { cache: 'article' } }, async () => 'a')
    a.get('/raw', { config: { cache: 'public, max-age=60, stale-if-error=600' } }, async () => 'r')
    a.get('/all', {
      config: {
        cache: { public: true, maxAge: '1d', sMaxAge: '2w', noTransform: true, mustRevalidate: true, proxyRevalidate: true, mustUnderstand: true, immutable: true, cdn: { maxAge: '1y', staleWhileRevalidate: '90s' } },
      },
    }, async () => 'x')
    a.get('/cdn-only', { config: { cache: { private: true, noCache: true, cdn: { noStore: true } } } }, async () => 'x')
  })
  const base = await listen(t, instance)
  const article = await call(base, '/article')
  t.equal(article.headers['cache-control'], 'public, max-age=300, s-maxage=3600, stale-while-revalidate=30')
  t.equal(cacheView(article, true).timeToLive(), 3630000, 's-maxage plus stale-while-revalidate for a shared cache')
  t.equal(cacheView(article, false).timeToLive(), 330000, 'max-age plus stale-while-revalidate for a browser')
  t.equal((await call(base, '/raw')).headers['cache-control'], 'public, max-age=60, stale-if-error=600')
  const all = await call(base, '/all')
  t.equal(all.headers['cache-control'], 'public, max-age=86400, s-maxage=1209600, must-revalidate, proxy-revalidate, must-understand, no-transform, immutable')
  t.equal(all.headers['cdn-cache-control'], 'max-age=31536000, stale-while-revalidate=90')
  t.equal(cacheView(all, false).timeToLive(), 86400000)
  const cdnOnly = await call(base, '/cdn-only')
  t.equal(cdnOnly.headers['cache-control'], 'private, no-cache')
  t.equal(cdnOnly.headers['cdn-cache-control'], 'no-store')
})

test('errors are not cached: 400 and above get `errors` (default no-store)', async (t) => {
  const routes = (a: FastifyInstance) => {
    a.get('/boom', { config: { cache: 'immutable' } }, async () => { throw new Error('boom') })
    a.get('/missing', { config: { cache: 'public' } }, async (_req, reply) => reply.code(404).send({ error: 'not here' }))
    a.get('/own', { config: { cache: 'public' } }, async (_req, reply) => reply.code(503).header('cache-control', 'max-age=5').send('later'))
    a.get('/redirect', { config: { cache: 'public' } }, async (_req, reply) => reply.redirect('/missing', 302))
  }
  await t.test('default', async (t) => {
    const base = await listen(t, await app({}, routes))
    for (const path of ['/boom', '/missing']) {
      const answer = await call(base, path)
      t.ok(answer.status >= 400)
      t.equal(answer.headers['cache-control'], 'no-store', path)
      t.equal(cacheView(answer, true).storable(), false)
      t.equal(cacheView(answer, false).storable(), false)
    }
    t.equal((await call(base, '/own')).headers['cache-control'], 'max-age=5', 'a header the handler set is kept')
    t.equal((await call(base, '/redirect')).headers['cache-control'], 'public, max-age=60', '3xx get the policy')
  })
  await t.test('errors: a policy', async (t) => {
    const base = await listen(t, await app({ errors: { private: true, maxAge: 10, vary: ['Accept'] } }, routes))
    const answer = await call(base, '/missing')
    t.equal(answer.headers['cache-control'], 'private, max-age=10')
    t.equal(answer.headers.vary, 'accept')
  })
  await t.test('errors: false leaves error answers alone', async (t) => {
    const base = await listen(t, await app({ errors: false }, routes))
    t.equal((await call(base, '/missing')).headers['cache-control'], undefined)
    t.equal((await call(base, '/boom')).headers['cache-control'], undefined)
  })
})

test('a Cache-Control set by the handler (or the route\'s own hook) is kept, and no CDN header is added', async (t) => {
  const base = await listen(t, await app({}, (a) => {
    a.get('/own', { config: { cache: { preset: 'public', cdn: { maxAge: 600 }, vary: ['Origin'] } } }, async (_req, reply) => {
      reply.header('Cache-Control', 'no-cache')
      return 'x'
    })
    a.get('/hook', { config: { cache: 'public' }, onSend: async (_req, reply, payload) => { reply.header('cache-control', 'max-age=1'); return payload } }, async () => 'x')
  }))
  const own = await call(base, '/own')
  t.equal(own.headers['cache-control'], 'no-cache')
  t.equal(own.headers['cdn-cache-control'], undefined)
  t.equal(own.headers.vary, 'origin', 'Vary is still merged')
  t.equal((await call(base, '/hook')).headers['cache-control'], 'max-age=1')
})

test('Set-Cookie under a shared-cacheable policy: downgraded to private, logged once per route', async (t) => {
  const logs: Array<{ level: number, msg: string, route?: string }> = []
  const stream = { write: (line: string) => { logs.push(JSON.parse(line)) } }
  const routes = (a: FastifyInstance) => {
    a.get('/login', { config: { cache: { preset: 'public', sMaxAge: '1h', staleIfError: 60, cdn: { maxAge: '1d' } } } }, async (_req, reply) => {
      reply.setCookie('session', 'alice-secret', { httpOnly: true })
      return { user: 'alice' }
    })
    a.get('/plain', { config: { cache: 'max-age=60' } }, async (_req, reply) => { reply.setCookie('a', 'b'); return 'x' })
    a.get('/private', { config: { cache: 'private, max-age=30' } }, async (_req, reply) => { reply.setCookie('a', 'b'); return 'x' })
    a.get('/anon', { config: { cache: { preset: 'public', cdn: { maxAge: '1d' } } } }, async () => 'x')
  }
  const base = await listen(t, await app({}, routes, { logger: { level: 'warn', stream } }))

  for (let i = 0; i < 2; i++) {
    const answer = await call(base, '/login')
    t.match(answer.headers['set-cookie'], /^session=alice-secret/)
    t.equal(answer.headers['cache-control'], 'private, max-age=60, stale-if-error=60', 'public and s-maxage dropped, ages kept')
    t.equal(answer.headers['cdn-cache-control'], undefined, 'CDN-Cache-Control dropped')
    t.equal(cacheView(answer, true).storable(), false, 'a shared cache will not store (and replay) the cookie')
    t.equal(cacheView(answer, false).storable(), true)
    t.equal(cacheView(answer, false).timeToLive(), 120000)
  }
  const warnings = logs.filter(l => l.level === 40)
  t.equal(warnings.length, 1, 'warned once for the route')
  t.match(warnings[0], { route: 'GET /login', msg: /downgraded to private because the response sets a cookie/ })

  t.equal((await call(base, '/plain')).headers['cache-control'], 'private, max-age=60', 'max-age alone is shared-storable too')
  t.equal((await call(base, '/private')).headers['cache-control'], 'private, max-age=30', 'a private policy is left as is')
  const anon = await call(base, '/anon')
  t.equal(anon.headers['cache-control'], 'public, max-age=60', 'no cookie, no downgrade')
  t.equal(anon.headers['cdn-cache-control'], 'max-age=86400')

  await t.test("cookies: 'off'", async (t) => {
    const base = await listen(t, await app({ cookies: 'off' }, routes))
    t.equal((await call(base, '/login')).headers['cache-control'], 'public, max-age=60, s-maxage=3600, stale-if-error=60')
  })
})

test('a request with Authorization: shared-reusable policies are downgraded to private', async (t) => {
  const routes = (a: FastifyInstance) => {
    a.get('/me', { config: { cache: { preset: 'public', cdn: { maxAge: 60 } } } }, async () => ({ user: 'alice' }))
    a.get('/max-age', { config: { cache: 'max-age=60' } }, async () => 'x')
    a.get('/revalidate', { config: { cache: 'must-revalidate, max-age=60' } }, async () => 'x')
  }
  const base = await listen(t, await app({}, routes))
  const auth = { authorization: 'Bearer alice' }
  const me = await call(base, '/me', auth)
  t.equal(me.headers['cache-control'], 'private, max-age=60')
  t.equal(me.headers['cdn-cache-control'], undefined)
  t.equal(cacheView(me, true, auth).storable(), false)
  t.equal(cacheView(me, false, auth).timeToLive(), 60000)
  t.equal((await call(base, '/me')).headers['cache-control'], 'public, max-age=60', 'anonymous requests keep the policy')
  const maxAge = await call(base, '/max-age', auth)
  t.equal(maxAge.headers['cache-control'], 'max-age=60', 'not reusable with Authorization anyway (RFC 9111 3.5)')
  t.equal(cacheView(maxAge, true, auth).storable(), false)
  t.equal((await call(base, '/revalidate', auth)).headers['cache-control'], 'private, max-age=60, must-revalidate')

  await t.test("authorization: 'off'", async (t) => {
    const base = await listen(t, await app({ authorization: 'off' }, routes))
    const answer = await call(base, '/me', auth)
    t.equal(answer.headers['cache-control'], 'public, max-age=60')
    t.equal(cacheView(answer, true, auth).storable(), true)
  })
})

test('Vary: merged without duplicates, case-insensitive, * wins', async (t) => {
  const base = await listen(t, await app({}, (a) => {
    a.get('/merge', { config: { cache: { preset: 'public', vary: ['Origin', 'Accept-Encoding'] } } }, async (_req, reply) => {
      reply.header('Vary', 'Accept-Language, origin')
      return 'x'
    })
    a.get('/fresh', { config: { cache: { preset: 'public', vary: ['Accept-Encoding'] } } }, async () => 'x')
    a.get('/fresh2', { config: { cache: { preset: 'public', vary: ['Accept-Encoding', 'Origin'] } } }, async () => 'x')
    a.get('/star', { config: { cache: { preset: 'public', vary: ['*'] } } }, async (_req, reply) => { reply.header('vary', 'Origin'); return 'x' })
    a.get('/their-star', { config: { cache: { preset: 'public', vary: ['Origin'] } } }, async (_req, reply) => { reply.header('vary', '*'); return 'x' })
  }))
  t.equal((await call(base, '/merge')).headers.vary, 'Accept-Language, origin, accept-encoding')
  t.equal((await call(base, '/fresh')).headers.vary, 'accept-encoding')
  t.equal((await call(base, '/fresh2')).headers.vary, 'accept-encoding, origin')
  const star = await call(base, '/star')
  t.equal(star.headers.vary, '*')
  t.equal(cacheView(star, true).timeToLive(), 0, 'Vary: * is never reused')
  t.equal((await call(base, '/their-star')).headers.vary, '*')
})

test('ETag and 304', async (t) => {
  const { Readable } = await import('node:stream')
  const base = await listen(t, await app({}, (a) => {
    a.get('/post', { config: { cache: { preset: 'public', etag: true, vary: ['Accept'] } } }, async () => ({ id: 1, title: 'hello' }))
    a.get('/buffer', { config: { cache: 'revalidate' } }, async (_req, reply) => reply.type('application/octet-stream').send(Buffer.from([1, 2, 3])))
    a.post('/post', { config: { cache: { preset: 'no-store', etag: true } } }, async () => ({ ok: true }))
    a.get('/moved', { config: { cache: 'revalidate' } }, async (_req, reply) => reply.code(301).header('location', '/post').send('moved'))
    a.get('/stream', { config: { cache: 'revalidate' } }, async (_req, reply) => reply.type('text/plain').send(Readable.from(['a', 'b'])))
    a.get('/created', { config: { cache: 'revalidate' } }, async (_req, reply) => reply.code(201).send('made'))
    a.get('/empty', { config: { cache: 'revalidate' } }, async (_req, reply) => reply.code(204).send())
    a.get('/own-etag', { config: { cache: 'revalidate' } }, async (_req, reply) => reply.header('etag', '"v7"').send('seven'))
    a.get('/gone', { config: { cache: 'revalidate' } }, async (_req, reply) => reply.code(410).send('gone'))
  }))
  const first = await call(base, '/post')
  const etag = first.headers.etag
  t.match(etag, /^W\/"[\w-]+"$/, 'a weak ETag')
  t.equal((await call(base, '/post')).headers.etag, etag, 'stable for the same body')

  for (const condition of [etag, `"nope", ${etag}`, etag.slice(2), '*', `W/"a,b" ,  ${etag.slice(2)}`]) {
    const answer = await call(base, '/post', { 'if-none-match': condition })
    t.equal(answer.status, 304, `304 for If-None-Match: ${condition}`)
    t.equal(answer.body, '')
    t.equal(answer.headers['cache-control'], 'public, max-age=60', 'the 304 keeps Cache-Control')
    t.equal(answer.headers.etag, etag, 'and ETag')
    t.equal(answer.headers.vary, 'accept', 'and Vary')
    t.equal(answer.headers['content-type'], undefined, 'no content headers')
  }
  for (const condition of ['"nope"', 'W/"nope", "other"', etag.slice(3), '']) {
    const answer = await call(base, '/post', { 'if-none-match': condition })
    t.equal(answer.status, 200, `200 for If-None-Match: ${condition}`)
    t.same(JSON.parse(answer.body), { id: 1, title: 'hello' })
  }

  // A cache revalidating with the 304 keeps its stored answer fresh.
  const stored = cacheView(first, true)
  const revalidation = stored.revalidationHeaders({ method: 'GET', url: '/', headers: {} })
  const notModified = await call(base, '/post', revalidation as Record<string, string>)
  t.equal(notModified.status, 304)
  const { modified } = stored.revalidatedPolicy({ method: 'GET', url: '/', headers: {} }, { status: notModified.status, headers: notModified.headers })
  t.equal(modified, false, 'http-cache-semantics reads the 304 as not modified')

  const head = await call(base, '/post', {}, 'HEAD')
  t.equal(head.headers.etag, etag, 'HEAD has the ETag of the GET body')
  t.equal(head.body, '')
  const headNotModified = await call(base, '/post', { 'if-none-match': etag }, 'HEAD')
  t.equal(headNotModified.status, 304)
  t.equal(headNotModified.headers['cache-control'], 'public, max-age=60')

  const buffer = await call(base, '/buffer')
  t.match(buffer.headers.etag, /^W\//)
  t.equal((await call(base, '/buffer', { 'if-none-match': buffer.headers.etag })).status, 304, 'Buffer bodies too')

  const post = await call(base, '/post', { 'if-none-match': '*' }, 'POST')
  t.equal(post.status, 200, 'POST is never answered 304')
  t.match(post.headers.etag, /^W\//)
  t.same(JSON.parse(post.body), { ok: true })

  const moved = await call(base, '/moved', { 'if-none-match': '*' })
  t.equal(moved.status, 301, '3xx: no 304')
  t.equal(moved.headers.etag, undefined, '3xx: no ETag')
  const stream = await call(base, '/stream', { 'if-none-match': '*' })
  t.equal(stream.status, 200)
  t.equal(stream.body, 'ab', 'streams are sent whole')
  t.equal(stream.headers.etag, undefined, 'no ETag for a stream')
  const created = await call(base, '/created', { 'if-none-match': '*' })
  t.equal(created.status, 304, 'any 2xx with a body')
  t.equal((await call(base, '/empty', { 'if-none-match': '*' })).status, 204, '204 left alone')
  const own = await call(base, '/own-etag', { 'if-none-match': '"v7"' })
  t.equal(own.status, 304, "the handler's own ETag is the one compared")
  t.equal(own.headers.etag, '"v7"')
  const gone = await call(base, '/gone', { 'if-none-match': '*' })
  t.equal(gone.status, 410)
  t.equal(gone.headers.etag, undefined)
  t.equal(gone.headers['cache-control'], 'no-store')
})

test('reply.cache() overrides the route policy on a route with a policy', async (t) => {
  const logs: Array<{ level: number }> = []
  const stream = { write: (line: string) => { logs.push(JSON.parse(line)) } }
  const base = await listen(t, await app({}, (a) => {
    a.get('/post', { config: { cache: 'public' } }, async (request, reply) => {
      const q = request.query as Record<string, string>
      if (q.mode === 'draft') reply.cache('no-store')
      if (q.mode === 'long') reply.cache({ preset: 'immutable', vary: ['Accept'], etag: true })
      if (q.mode === 'bad') reply.cache({ maxAge: -1 })
      if (q.mode === 'error') reply.cache('immutable').code(404)
      if (q.mode === 'cookie') reply.cache('public, s-maxage=60').setCookie('a', 'b')
      return 'x'
    })
  }, { logger: { level: 'warn', stream } }))
  t.equal((await call(base, '/post')).headers['cache-control'], 'public, max-age=60')
  t.equal((await call(base, '/post?mode=draft')).headers['cache-control'], 'no-store')
  const long = await call(base, '/post?mode=long')
  t.equal(long.headers['cache-control'], 'public, max-age=31536000, immutable')
  t.equal(long.headers.vary, 'accept')
  t.equal((await call(base, '/post?mode=long', { 'if-none-match': long.headers.etag })).status, 304)
  const bad = await call(base, '/post?mode=bad')
  t.equal(bad.status, 500)
  t.match(JSON.parse(bad.body), { code: 'FST_REPLYKIT_BAD_CACHE_POLICY', message: /GET \/post: reply\.cache\(\)\.maxAge: must be a whole number/ })
  t.equal(bad.headers['cache-control'], 'no-store', 'the error answer is not cached')
  t.equal((await call(base, '/post?mode=error')).headers['cache-control'], 'no-store', 'errors still win')
  const cookieAnswer = await call(base, '/post?mode=cookie')
  t.equal(cookieAnswer.headers['cache-control'], 'private', 'send-time rules apply to the override')
  t.equal(logs.filter(l => l.level === 40).length, 1)
})

test('reply.cache() on a route without a policy applies at call time', async (t) => {
  const routes = (a: FastifyInstance) => {
    a.get('/free', async (request, reply) => {
      const q = request.query as Record<string, string>
      if (q.status !== undefined) reply.code(Number(q.status))
      reply.cache({ preset: q.preset ?? 'public', vary: ['Origin'], cdn: q.cdn === undefined ? undefined : { maxAge: 60 } })
      if (q.cookie !== undefined) reply.setCookie('sid', 'secret')
      return 'x'
    })
    a.get('/bad', async (_req, reply) => reply.cache('publc').send('x'))
    a.get('/raw-cookie', async (_req, reply) => reply.header('set-cookie', 'sid=1; HttpOnly').cache('public').send('x'))
    a.setNotFoundHandler(async (_req, reply) => reply.code(404).cache('public').send('none'))
    a.get('/send-time', { config: { cache: 'no-store' } }, async (_req, reply) => {
      reply.setCookie('sid', 'secret')
      return reply.cache('public').send('x')
    })
  }
  const logs: Array<{ level: number, route?: string }> = []
  const stream = { write: (line: string) => { logs.push(JSON.parse(line)) } }
  const base = await listen(t, await app({}, routes, { logger: { level: 'warn', stream } }))
  const free = await call(base, '/free?cdn=1')
  t.equal(free.headers['cache-control'], 'public, max-age=60')
  t.equal(free.headers['cdn-cache-control'], 'max-age=60')
  t.equal(free.headers.vary, 'origin')
  t.equal((await call(base, '/free', { authorization: 'Basic x' })).headers['cache-control'], 'private, max-age=60', 'Authorization downgrade at call time')
  t.equal((await call(base, '/free?status=404')).headers['cache-control'], 'no-store', 'status already >= 400: errors policy')
  t.equal((await call(base, '/free?cookie=1')).headers['cache-control'], 'public, max-age=60', 'the limit: a cookie set later is not seen (README)')
  const bad = await call(base, '/bad')
  t.equal(bad.status, 500)
  t.match(JSON.parse(bad.body), { code: 'FST_REPLYKIT_BAD_CACHE_POLICY', message: /Invalid cache policy for GET \/bad: reply\.cache\(\): 'publc'/ })
  t.equal(bad.headers['cache-control'], 'no-store', 'no step on this route: the error answer still gets the errors policy')
  t.equal((await call(base, '/send-time')).headers['cache-control'], 'private, max-age=60', 'with a route policy, send-time rules see the cookie')
  t.equal((await call(base, '/raw-cookie')).headers['cache-control'], 'private, max-age=60', 'a Set-Cookie header set before the call is seen')
  t.equal((await call(base, '/raw-cookie')).headers['cache-control'], 'private, max-age=60')
  const notFound = await call(base, '/nowhere')
  t.equal(notFound.status, 404)
  t.equal(notFound.headers['cache-control'], 'no-store', 'the not-found handler too')
  t.same(logs.filter(l => l.level === 40).map(l => l.route), ['GET /free', 'GET /send-time', 'GET /raw-cookie'], 'each route logged once')

  await t.test('errors: false', async (t) => {
    const base = await listen(t, await app({ errors: false }, routes))
    t.equal((await call(base, '/free?status=404')).headers['cache-control'], undefined)
  })
})

test('routes without config.cache and without `default` get no route hook of ours; their errors get the errors policy', async (t) => {
  const onSend = new Map<string, unknown>()
  const instance = await app({}, (a) => {
    a.get('/none', async (_req, reply) => { reply.header('cache-control', 'public, max-age=5').setCookie('a', 'b'); return 'x' })
    a.get('/fail', async () => { throw new Error('x') })
    a.get('/some', { config: { cache: 'public' } }, async () => 'x')
  })
  instance.addHook('onRoute', (routeOptions) => { onSend.set(`${routeOptions.method} ${routeOptions.url}`, routeOptions.onSend) })
  instance.get('/later', async () => 'x')
  instance.get('/later-cached', { config: { cache: 'public' } }, async () => 'x')
  const base = await listen(t, instance)
  t.equal(onSend.get('GET /later'), undefined, 'no onSend hook at all')
  const hooks = onSend.get('GET /later-cached') as Array<{ name: string }>
  t.same(hooks.map(h => h.name), ['replyKitPipeline'])
  t.same(routeRegistry(instance).records.map(r => r.url).sort(), ['/later-cached', '/later-cached', '/some', '/some'], 'no record made for routes without a policy')
  const none = await call(base, '/none')
  t.equal(none.headers['cache-control'], 'public, max-age=5', 'not touched, not even with a cookie')
  t.equal((await call(base, '/fail')).headers['cache-control'], 'no-store', 'an error answer: the errors policy, app-level')
  t.equal((await call(base, '/later')).headers['cache-control'], undefined)
})

test('`default` applies to every route without config.cache', async (t) => {
  const instance = await app({ default: 'revalidate', presets: { short: { preset: 'public', maxAge: 10 } } }, (a) => {
    a.get('/plain', async () => 'x')
    a.get('/short', { config: { cache: 'short' } }, async () => 'x')
    a.post('/form', async () => 'x')
    a.route({ method: ['PUT', 'PATCH'], url: '/both', config: { cache: 'private, max-age=5' }, handler: async () => 'x' })
  })
  const base = await listen(t, instance)
  const plain = await call(base, '/plain')
  t.equal(plain.headers['cache-control'], 'no-cache')
  t.match(plain.headers.etag, /^W\//)
  t.equal((await call(base, '/plain', {}, 'HEAD')).headers['cache-control'], 'no-cache')
  t.equal((await call(base, '/short')).headers['cache-control'], 'public, max-age=10')
  t.equal((await call(base, '/form', {}, 'POST')).headers['cache-control'], 'no-cache')
  t.equal((await call(base, '/both', {}, 'PATCH')).headers['cache-control'], 'private, max-age=5', 'a route with several methods')
  t.same(routeRegistry(instance).records.map(r => `${r.method} ${r.url} ${r.cache}`), [
    'GET /plain no-cache', 'HEAD /plain no-cache', 'GET /short public, max-age=10', 'HEAD /short public, max-age=10',
    'POST /form no-cache', 'PUT,PATCH /both private, max-age=5',
  ])
})
