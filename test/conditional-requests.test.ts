// cacheControl's validators over a real socket: `validate` in a route policy answers 304 and 412
// before the handler, revalidation driven by http-cache-semantics (an independent cache), 304s that
// carry only what RFC 9110 section 15.4.5 lists, the hostile inputs, failing validators, reply.fresh.
import { test } from 'tap'
import { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import CachePolicy from 'http-cache-semantics'
import { request } from 'undici'
import { cacheControl } from '../plugins/cache-control.js'
import { replyContext, useReply } from '../plugins/reply-context.js'
import { listen } from './helpers/server.js'

interface Resource { version: number, updated: Date, bodies: number }

/** Log lines of an app, parsed. */
function logSink (): { stream: Writable, lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({
    write (chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line))
      done()
    },
  })
  return { stream, lines }
}

async function serve (t: Parameters<typeof listen>[0], app: FastifyInstance = Fastify()) {
  const resource: Resource = { version: 1, updated: new Date('2024-03-04T05:06:07.890Z'), bodies: 0 }
  await app.register(cacheControl)
  await app.register(replyContext)
  const validate = async () => ({ etag: `"v${resource.version}"`, lastModified: resource.updated })
  const body = () => {
    resource.bodies++
    return { version: resource.version, text: 'the expensive body' }
  }
  app.get('/doc', { config: { cache: { preset: 'revalidate', vary: ['accept-language'], validate } } }, async () => body())
  app.get('/dated', { config: { cache: { preset: 'public', etag: true, validate: () => ({ lastModified: resource.updated }) } } }, async () => body())
  app.put('/doc', { config: { cache: { preset: 'no-store', validate } } }, async () => {
    resource.version++
    return body()
  })
  app.get('/missing', { config: { cache: { preset: 'revalidate', validate: () => null } } }, async (_request, reply) => reply.code(404).send({ missing: true }))
  app.get('/fails-later', { config: { cache: { preset: 'revalidate', validate } } }, async () => { throw new Error('handler failed') })
  const base = await listen(t, app)
  return { base, resource }
}

async function get (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' | 'PUT' = 'GET') {
  const res = await request(url, { method, headers })
  return { status: res.statusCode, headers: res.headers as Record<string, string>, body: await res.body.text() }
}

test('http-cache-semantics revalidates against validate: 304 before the handler, 200 once changed', async (t) => {
  const { base, resource } = await serve(t)
  const url = `${base}/doc`
  const req = { url: '/doc', method: 'GET', headers: { host: 'x', 'accept-language': 'en' } }
  const first = await get(url, { 'accept-language': 'en' })
  t.equal(first.status, 200)
  t.equal(first.headers.etag, '"v1"')
  t.equal(first.headers['last-modified'], 'Mon, 04 Mar 2024 05:06:07 GMT', 'second precision')
  t.equal(first.headers['cache-control'], 'no-cache')
  t.equal(resource.bodies, 1)
  let policy = new CachePolicy(req, { status: first.status, headers: first.headers })
  t.notOk(policy.satisfiesWithoutRevalidation(req), 'no-cache: the cache must revalidate')

  const conditional = policy.revalidationHeaders(req) as Record<string, string>
  t.equal(conditional['if-none-match'], '"v1"')
  const revalidated = await get(url, conditional)
  t.equal(revalidated.status, 304)
  t.equal(resource.bodies, 1, 'the handler did not run')
  t.equal(revalidated.body, '')
  t.same(Object.keys(revalidated.headers).sort(), ['cache-control', 'connection', 'date', 'etag', 'keep-alive', 'vary'],
    'only what RFC 9110 section 15.4.5 keeps: no Content-Length, Content-Type or Last-Modified')
  t.equal(revalidated.headers.vary, 'accept-language')
  const outcome = policy.revalidatedPolicy(req, { status: 304, headers: revalidated.headers })
  t.equal(outcome.modified, false)
  t.equal(outcome.matches, true)
  policy = outcome.policy

  resource.version = 2
  const changed = await get(url, policy.revalidationHeaders(req) as Record<string, string>)
  t.equal(changed.status, 200)
  t.equal(changed.headers.etag, '"v2"')
  t.equal(policy.revalidatedPolicy(req, { status: 200, headers: changed.headers }).modified, true)

  const head = await get(url, { 'if-none-match': '"v2"' }, 'HEAD')
  t.equal(head.status, 304)
  t.equal(head.headers['content-length'], undefined, 'a HEAD 304 carries no Content-Length either')
  t.equal(resource.bodies, 2)
})

test('If-Modified-Since alone, and the body-hash ETag stepping aside', async (t) => {
  const { base, resource } = await serve(t)
  const first = await get(`${base}/dated`)
  t.equal(first.status, 200)
  t.equal(first.headers.etag, undefined, 'etag: true does not hash the body when validate gives the validators')
  const req = { url: '/dated', method: 'GET', headers: { host: 'x' } }
  const policy = new CachePolicy(req, { status: 200, headers: first.headers })
  const conditional = policy.revalidationHeaders({ ...req, headers: { ...req.headers, 'cache-control': 'max-age=0' } }) as Record<string, string>
  t.equal(conditional['if-modified-since'], 'Mon, 04 Mar 2024 05:06:07 GMT')
  t.equal((await get(`${base}/dated`, conditional)).status, 304)
  t.equal((await get(`${base}/dated`, { 'if-modified-since': 'Mon, 04 Mar 2024 05:06:06 GMT' })).status, 200, 'modified a second later')
  t.equal(resource.bodies, 2)
})

test('optimistic concurrency: If-Match on PUT', async (t) => {
  const { base, resource } = await serve(t)
  const stale = await get(`${base}/doc`, { 'if-match': '"v0"' }, 'PUT')
  t.equal(stale.status, 412)
  t.equal(JSON.parse(stale.body).code, 'FST_REPLYKIT_PRECONDITION_FAILED')
  t.match(JSON.parse(stale.body).message, /PUT \/doc/)
  t.equal(stale.headers['cache-control'], 'no-store', 'an error gets the errors policy')
  t.equal(resource.version, 1, 'the handler did not run')
  for (const [headers, why] of [
    [{ 'if-match': 'W/"v1"' }, 'a weak tag never matches'],
    [{ 'if-match': 'v1' }, 'an unquoted tag is malformed'],
    [{ 'if-match': '"v1", *' }, 'a * inside a list'],
    [{ 'if-none-match': '*' }, 'If-None-Match: * on a resource that exists'],
    [{ 'if-none-match': '"v1"' }, 'a matching If-None-Match on PUT'],
    [{ 'if-unmodified-since': 'Mon, 04 Mar 2024 05:06:06 GMT' }, 'modified since'],
  ] as Array<[Record<string, string>, string]>) {
    t.equal((await get(`${base}/doc`, headers, 'PUT')).status, 412, why)
  }
  t.equal(resource.version, 1)
  const ok = await get(`${base}/doc`, { 'if-match': '"v0", "v1"', 'if-unmodified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' }, 'PUT')
  t.equal(ok.status, 200, 'If-Unmodified-Since is ignored when If-Match is present')
  t.equal(resource.version, 2)
  t.equal((await get(`${base}/doc`, { 'if-match': '*' }, 'PUT')).status, 200)
  t.equal((await get(`${base}/doc`, { 'if-unmodified-since': 'Mon, 04 Mar 2024 05:06:07 GMT' }, 'PUT')).status, 200)
})

test('the hostile set never yields a 304', async (t) => {
  const { base, resource } = await serve(t)
  const hostile: Array<Record<string, string>> = [
    { 'if-none-match': '"v0", *' }, { 'if-none-match': 'v1' }, { 'if-none-match': '"v1' }, { 'if-none-match': 'W/v1' },
    { 'if-modified-since': 'garbage' }, { 'if-modified-since': '2099-01-01' }, { 'if-modified-since': 'Mon, 04 Mar 2099 05:06:07' },
    { 'if-modified-since': 'Mon, 32 Mar 2099 05:06:07 GMT' }, { 'if-none-match': '"v0"', 'if-modified-since': 'Mon, 04 Mar 2099 05:06:07 GMT' },
  ]
  for (const headers of hostile) t.equal((await get(`${base}/doc`, headers)).status, 200, JSON.stringify(headers))
  t.equal(resource.bodies, hostile.length)
  t.equal((await get(`${base}/doc`, { 'if-none-match': '*' })).status, 304, '* alone matches')
  t.equal((await get(`${base}/doc`, { 'if-none-match': '"x", W/"v1"' })).status, 304, 'weak comparison in a list')
})

test('validators do not describe errors; no representation: no validators', async (t) => {
  const { base } = await serve(t)
  const missing = await get(`${base}/missing`, { 'if-none-match': '*' })
  t.equal(missing.status, 404)
  t.equal(missing.headers.etag, undefined)
  t.equal((await get(`${base}/missing`, { 'if-match': '*' }, 'GET')).status, 412, 'If-Match: * and nothing there')
  const failed = await get(`${base}/fails-later`)
  t.equal(failed.status, 500)
  t.equal(failed.headers.etag, undefined, 'a 500 after validate passed keeps no ETag')
  t.equal(failed.headers['last-modified'], undefined)
})

test('a validator that throws is a 500, logged, never a 304', async (t) => {
  const { stream, lines } = logSink()
  const app = Fastify({ logger: { level: 'info', stream } })
  await app.register(cacheControl)
  app.get('/throws', { config: { cache: { preset: 'revalidate', validate: () => { throw new Error('db down') } } } }, async () => 'never')
  app.get('/forbidden', { config: { cache: { preset: 'revalidate', validate: () => { throw Object.assign(new Error('no'), { statusCode: 403 }) } } } }, async () => 'never')
  app.get('/unavailable', { config: { cache: { preset: 'revalidate', validate: () => { throw Object.assign(new Error('busy'), { statusCode: 503 }) } } } }, async () => 'never')
  app.get('/null-throw', { config: { cache: { preset: 'revalidate', validate: () => { throw null } } } }, async () => 'never') // eslint-disable-line no-throw-literal
  app.get('/bad', { config: { cache: { preset: 'revalidate', validate: async () => ({ etag: 'not a "tag"' }) } } }, async () => 'never')
  app.get('/bad-date', { config: { cache: { preset: 'revalidate', validate: async () => ({ lastModified: 'soon' }) } } }, async () => 'never')
  const base = await listen(t, app)
  const thrown = await get(`${base}/throws`, { 'if-none-match': '*' })
  t.equal(thrown.status, 500)
  t.equal(JSON.parse(thrown.body).code, 'FST_REPLYKIT_VALIDATOR')
  t.match(JSON.parse(thrown.body).message, /GET \/throws.*validate threw: db down/)
  t.ok(lines.some(line => line.level === 50 && (line.err as { code?: string } | undefined)?.code === 'FST_REPLYKIT_VALIDATOR'), 'logged as an error')
  t.equal((await get(`${base}/forbidden`, { 'if-none-match': '*' })).status, 403, 'an HTTP error of the validator is its answer')
  t.equal((await get(`${base}/null-throw`)).status, 500)
  t.equal(JSON.parse((await get(`${base}/unavailable`, { 'if-none-match': '*' })).body).code, 'FST_REPLYKIT_VALIDATOR', 'a 5xx is a failure like any other')
  const bad = await get(`${base}/bad`)
  t.equal(bad.status, 500)
  t.match(JSON.parse(bad.body).message, /GET \/bad.*etag must be an entity-tag/)
  t.match(JSON.parse((await get(`${base}/bad-date`)).body).message, /lastModified must be/)
})

test('validate is checked when the route is added', async (t) => {
  for (const validate of ['not a function', 42, {}]) {
    const app = Fastify()
    app.register(cacheControl)
    app.register(async (scope) => {
      scope.get('/x', { config: { cache: { preset: 'revalidate', validate: validate as never } } }, async () => 'x')
    })
    await t.rejects(async () => { await app.ready() }, { code: 'FST_REPLYKIT_BAD_CACHE_POLICY', message: /GET \/x.*validate.*must be a function/ }, JSON.stringify(validate))
  }
})

test('reply.fresh from a handler and from service code (useReply)', async (t) => {
  const app = Fastify()
  await app.register(cacheControl)
  await app.register(replyContext)
  let bodies = 0
  // Service code with no reply in scope.
  const loadArticle = (version: number) => {
    if (useReply().fresh({ etag: `"a${version}"`, lastModified: Date.UTC(2024, 0, 1) })) return undefined
    bodies++
    return { version }
  }
  app.get('/article/:v', { config: { cache: 'revalidate' } }, async (request, reply) => {
    const article = loadArticle(Number((request.params as { v: string }).v))
    return article === undefined ? reply : article
  })
  app.put('/article', async (_request, reply) => {
    if (reply.fresh({ etag: '"a1"' })) return reply
    return { saved: true }
  })
  app.get('/bad-fresh', async (_request, reply) => reply.fresh({ etag: 'a "b"' }) ? reply : 'x')
  app.setNotFoundHandler(async (_request, reply) => reply.fresh({ etag: 1 as never }) ? reply : 'x')
  const base = await listen(t, app)
  const unrouted = await get(`${base}/nowhere`)
  t.match(JSON.parse(unrouted.body).message, /GET \/nowhere/, 'outside a route, the URL is named')
  const first = await get(`${base}/article/1`)
  t.equal(first.status, 200)
  t.equal(first.headers.etag, '"a1"', 'the validators, not the body hash of the revalidate preset')
  t.equal(first.headers['last-modified'], 'Mon, 01 Jan 2024 00:00:00 GMT')
  const again = await get(`${base}/article/1`, { 'if-none-match': '"a1"' })
  t.equal(again.status, 304)
  t.equal(again.headers['cache-control'], 'no-cache')
  t.equal(bodies, 1)
  t.equal((await get(`${base}/article/2`, { 'if-none-match': '"a1"' })).status, 200)
  t.equal((await get(`${base}/article`, { 'if-match': '"a0"' }, 'PUT')).status, 412)
  t.equal((await get(`${base}/article`, { 'if-match': '"a1"' }, 'PUT')).status, 200)
  const bad = await get(`${base}/bad-fresh`)
  t.equal(bad.status, 500)
  t.equal(JSON.parse(bad.body).code, 'FST_REPLYKIT_VALIDATOR')
})
