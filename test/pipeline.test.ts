// The one response pipeline (issue 11) over a real socket: a returned Web Response is adopted before
// every rule, every error answer gets the errors policy, error bodies are guarded. Oracles:
// http-cache-semantics (would a shared cache store it?) and set-cookie-parser.
import { test } from 'tap'
import Fastify, { type FastifyReply } from 'fastify'
import { Type } from '@sinclair/typebox'
import CacheSemantics from 'http-cache-semantics'
import { parseSetCookie } from 'set-cookie-parser'
import { request } from 'undici'
import { Readable } from 'node:stream'
import replyKit, { cacheControl, responseGuard, routeHeaders } from '../plugins/index.js'
import { routeRecord } from '../plugins/suite/route-record.js'
import { addSendStep, stepResult, stepsOf } from '../plugins/suite/pipeline.js'
import { listen } from './helpers/server.js'
import { tempDir } from './helpers/temp.js'

const User = Type.Object({ id: Type.Number(), name: Type.String() })
const row = { id: 1, name: 'ada', password_hash: 'SECRET-HASH' }

interface Answer { status: number, headers: Record<string, string | string[]>, body: string }
async function call (base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await request(base + path, { headers })
  return { status: res.statusCode, headers: res.headers as Answer['headers'], body: await res.body.text() }
}

function sharedCacheStores (answer: Answer): boolean {
  const policy = new CacheSemantics({ method: 'GET', url: '/', headers: {} }, { status: answer.status, headers: answer.headers }, { shared: true })
  return policy.storable() && policy.timeToLive() > 0
}

test('a returned Web Response is adopted before the rules: errors policy, cookie downgrade, guard', async (t) => {
  const app = Fastify()
  await app.register(replyKit)
  const pub = { config: { cache: 'public' as const } }
  app.get('/r404', pub, async () => new Response('gone', { status: 404 }))
  app.get('/cookie', pub, async () => new Response('x', { headers: { 'set-cookie': 'sid=abc' } }))
  app.get('/two-cookies', pub, async () => {
    const headers = new Headers()
    headers.append('set-cookie', 'a=1')
    headers.append('set-cookie', 'b=2')
    return new Response('x', { headers })
  })
  app.get('/ok', pub, async () => new Response('fine', { status: 201, headers: { 'x-from': 'response' } }))
  app.get('/empty', pub, async () => new Response(null, { status: 204 }))
  app.get('/json', { ...pub, schema: { response: { 200: User } } }, async () => Response.json(row))
  app.get('/used', pub, async () => {
    const response = new Response('once')
    await response.text()
    return response
  })
  const base = await listen(t, app)

  const notFound = await call(base, '/r404')
  t.same([notFound.status, notFound.headers['cache-control'], notFound.body], [404, 'no-store', 'gone'], 'the errors policy, not public')
  t.notOk(sharedCacheStores(notFound))

  const cookie = await call(base, '/cookie')
  t.equal(cookie.headers['cache-control'], 'private, max-age=60', 'downgraded: the Response sets a cookie')
  t.notOk(sharedCacheStores(cookie), 'a shared cache does not store it')
  const [sid] = parseSetCookie(cookie.headers['set-cookie'] as string | string[])
  t.same([sid.name, sid.value], ['sid', 'abc'])

  const two = await call(base, '/two-cookies')
  t.same(parseSetCookie(two.headers['set-cookie'] as string[]).map(c => c.name), ['a', 'b'], 'each Set-Cookie of the Response leaves')

  const ok = await call(base, '/ok')
  t.same([ok.status, ok.headers['x-from'], ok.headers['cache-control'], ok.body], [201, 'response', 'public, max-age=60', 'fine'])
  t.equal((await call(base, '/empty')).status, 204)

  const json = await call(base, '/json')
  t.same([json.status, JSON.parse(json.body)], [200, { id: 1, name: 'ada' }], 'the guard filters the adopted body')

  const used = await call(base, '/used')
  t.same([used.status, used.headers['cache-control']], [500, 'no-store'], 'a Response whose body was read is a 500, never cached')
})

test('every error answer gets the errors policy, whichever path made it', async (t) => {
  const dir = await tempDir(t)
  const app = Fastify()
  await app.register(replyKit, { guard: { mode: 'off' }, helpers: { root: dir } })
  app.get('/file', async (_req, reply) => reply.file('missing.txt'))
  app.get('/hook-500', { onRequest: async () => { throw new Error('hook') } }, async () => 'x')
  app.get('/early-fail', { config: { cache: 'public' } }, async (_req, reply) => reply.csv((async function * () {
    throw new Error('before the first row')
  })()))
  app.get('/override-fail', { config: { cache: 'no-store' } }, async (_req, reply) => reply.cache('public').ndjson((async function * () {
    throw new Error('before the first row')
  })()))
  app.get('/own', async (_req, reply) => { reply.header('cache-control', 'max-age=5'); throw new Error('own header') })
  app.get('/call-time', async (_req, reply) => { reply.cache('public'); throw new Error('after reply.cache()') })
  // The second row fails after the pipeline set our headers (before any byte left): a failure
  // before the first row would come before the pipeline ran, and leave nothing to replace.
  app.get('/cdn', { config: { cache: { preset: 'public', cdn: { maxAge: 60 } } } }, async (_req, reply) => reply.csv((async function * () {
    yield { a: 1 }
    throw new Error('the second row')
  })()))
  const base = await listen(t, app)

  for (const path of ['/nowhere', '/file', '/hook-500', '/early-fail', '/override-fail', '/call-time']) {
    const answer = await call(base, path)
    t.ok(answer.status >= 400, `${path}: ${answer.status}`)
    t.equal(answer.headers['cache-control'], 'no-store', `${path}: the errors policy`)
    t.notOk(sharedCacheStores(answer), `${path}: not stored by a shared cache`)
  }
  const cdn = await call(base, '/cdn')
  t.same([cdn.status, cdn.headers['cache-control'], cdn.headers['cdn-cache-control']], [500, 'no-store', undefined], 'our CDN-Cache-Control goes too')
  t.equal((await call(base, '/own')).headers['cache-control'], 'max-age=5', 'a Cache-Control the handler set itself is left as it is')
})

test('error replies on a guarded route are guarded', async (t) => {
  const app = Fastify()
  await app.register(responseGuard, { onBypass: 'error' })
  app.register(async (child) => {
    // Another plugin's hook that replaces every JSON payload with the full row.
    child.addHook('onSend', async (_req, reply, payload) => {
      if (typeof payload !== 'string' || !String(reply.getHeader('content-type')).includes('json')) return payload
      return JSON.stringify(row)
    })
    child.get('/replaced', { schema: { response: { 200: User } } }, async () => row)
  })
  app.register(async (child) => {
    child.setErrorHandler(async (_error, _req, reply) => reply.code(503).send({ failed: true, token: 'SECRET-TOKEN', nested: [{ password: 'p' }] }))
    child.get('/handler', { schema: { response: { 200: User } } }, async () => { throw new Error('x') })
    child.get('/declared', { schema: { response: { 200: User, 503: Type.Object({ failed: Type.Boolean() }) } } }, async () => { throw new Error('x') })
  })
  app.register(async (child) => {
    child.setErrorHandler(async (_error, _req, reply) => reply.code(201).send(row))
    child.get('/recovered', { schema: { response: { 201: User } } }, async () => { throw new Error('x') })
  })
  const base = await listen(t, app)

  const replaced = await call(base, '/replaced')
  t.equal(replaced.status, 500)
  t.notOk(replaced.body.includes('SECRET'), 'the 500 does not carry the row the hook put back')

  const handler = await call(base, '/handler')
  t.equal(handler.status, 500, 'onBypass error: an error body with secret-looking fields is refused')
  t.notOk(handler.body.includes('SECRET'))
  t.match(JSON.parse(handler.body), { code: 'FST_REPLYKIT_SCHEMA_BYPASS' })

  const declared = await call(base, '/declared')
  t.same([declared.status, JSON.parse(declared.body)], [503, { failed: true }], 'through the schema declared for the status')

  const recovered = await call(base, '/recovered')
  t.same([recovered.status, JSON.parse(recovered.body)], [201, { id: 1, name: 'ada' }], 'an error handler that recovers is filtered like a success')
})

test('filter mode strips secret-looking fields of error bodies at any depth, and leaves clean ones alone', async (t) => {
  const app = Fastify()
  await app.register(responseGuard)
  app.setErrorHandler(async (error, _req, reply) => {
    const message = (error as Error).message
    if (message === 'text') return reply.code(500).type('text/plain').send('token: plain words')
    if (message === 'broken') return reply.code(500).type('application/json').send('{"token": ')
    const clean = message === 'clean'
    return reply.code(500).send(clean ? { failed: 'clean' } : { failed: true, list: [{ id: 1, api_key: 'SECRET-KEY' }], token: 'SECRET-TOKEN' })
  })
  app.get('/dirty', { schema: { response: { 200: User } } }, async () => { throw new Error('dirty') })
  app.get('/clean', { schema: { response: { 200: User } } }, async () => { throw new Error('clean') })
  app.get('/text', { schema: { response: { 200: User } } }, async () => { throw new Error('text') })
  app.get('/broken', { schema: { response: { 200: User } } }, async () => { throw new Error('broken') })
  const base = await listen(t, app)
  t.equal((await call(base, '/text')).body, 'token: plain words', 'a text error body is not JSON: left alone')
  t.equal((await call(base, '/broken')).body, '{"token": ', 'an error body that does not parse cannot hold a field: left alone')
  t.same(JSON.parse((await call(base, '/dirty')).body), { failed: true, list: [{ id: 1 }] })
  t.same(JSON.parse((await call(base, '/clean')).body), { failed: 'clean' })
})

test('the steps run in one fixed order whatever order the plugins were registered in', async (t) => {
  const orders = [[routeHeaders, responseGuard, cacheControl], [cacheControl, responseGuard, routeHeaders], [responseGuard, cacheControl, routeHeaders]]
  for (const order of orders) {
    const app = Fastify()
    for (const plugin of order) await app.register(plugin)
    let record
    app.addHook('onRoute', (options) => { if (options.method === 'GET') record = routeRecord(app, options) })
    app.get('/all', { schema: { response: { 200: User } }, config: { cache: 'public', headers: { 'x-a': 'a' } } }, async () => row)
    await app.ready()
    t.same(stepsOf(record!), ['guard', 'headers', 'cache'], order.map(p => (p as unknown as { [k: symbol]: string })[Symbol.for('fastify.display-name')]).join(' → '))
  }
  t.same(stepsOf({ method: 'GET', url: '/none', findings: [] }), [], 'a route without steps')
})

test('a step added twice under one name is replaced; a failing async step is an error answer', async (t) => {
  const app = Fastify()
  app.addHook('onRoute', (options) => {
    if (options.url !== '/x') return
    const record = routeRecord(app, options)
    addSendStep(options, record, 'headers', (_req, reply: FastifyReply, payload) => { reply.header('x-step', 'first'); return payload })
    addSendStep(options, record, 'headers', (_req, reply: FastifyReply, payload) => { reply.header('x-step', 'second'); return payload })
    addSendStep(options, record, 'cache', (req) => req.query && (req.query as { fail?: string }).fail !== undefined ? Promise.reject(new Error('async step failed')) : Promise.resolve('async'))
  })
  app.get('/x', async () => 'x')
  const base = await listen(t, app)
  const ok = await call(base, '/x')
  t.same([ok.headers['x-step'], ok.body], ['second', 'async'])
  t.equal((await call(base, '/x?fail=1')).status, 500)
})

test('stepResult: synchronous work stays synchronous, late work is a Promise', async (t) => {
  t.equal(stepResult(done => { done(null, 'now') }), 'now')
  t.throws(() => stepResult(done => { done(new Error('now')) }), /now/)
  t.equal(await stepResult(done => { setImmediate(() => { done(null, 'later') }) }), 'later')
  await t.rejects(stepResult(done => { setImmediate(() => { done(new Error('later')) }) }) as Promise<unknown>, /later/)
})

test('the guard compiles through Fastify: serializerOpts and setSerializerCompiler hold', async (t) => {
  const rounding = Fastify({ serializerOpts: { rounding: 'ceil' } })
  await rounding.register(responseGuard)
  rounding.get('/n', { schema: { response: { 200: Type.Object({ n: Type.Integer() }) } } }, async () => ({ n: 1.2, password_hash: 'x' }))
  t.same((await rounding.inject('/n')).json(), { n: 2 }, 'the app\'s rounding option')

  const custom = Fastify()
  await custom.register(responseGuard)
  custom.setSerializerCompiler(() => (data: unknown) => JSON.stringify({ wrapped: (data as { id: number }).id }))
  custom.get('/c', { schema: { response: { 200: User } } }, async () => row)
  t.same((await custom.inject('/c')).json(), { wrapped: 1 }, 'the app\'s serializer compiler')
})

test('what survives an error: cookies, route headers and the handler\'s own headers; our Cache-Control does not', async (t) => {
  const app = Fastify()
  await app.register(replyKit, { headers: { headers: { 'x-frame-options': 'DENY' } } })
  app.get('/throws', { config: { cache: 'public', headers: { 'x-route': 'declared' } } }, async (_req, reply) => {
    reply.setCookie('kept', '1').header('x-own', 'set before the throw')
    throw new Error('late')
  })
  const base = await listen(t, app)
  const res = await call(base, '/throws')
  t.equal(res.status, 500)
  const [cookie] = parseSetCookie(res.headers['set-cookie'] as string)
  t.same([cookie.name, cookie.httpOnly, cookie.secure, cookie.sameSite], ['kept', true, true, 'Lax'], 'a cookie set before the throw is sent, with the secure defaults')
  t.same([res.headers['x-own'], res.headers['x-route'], res.headers['x-frame-options']], ['set before the throw', 'declared', 'DENY'], 'the handler\'s header and the declared ones')
  t.equal(res.headers['cache-control'], 'no-store', 'the errors policy, not the route\'s public one')
  t.notOk(sharedCacheStores(res))
})

test('errors policy edge paths: a CDN-Cache-Control of the handler stays; a JSON Buffer error body is checked; OPTIONS of an unseen route keeps no policy', async (t) => {
  const app = Fastify()
  // Added before the suite: unseen, and reached by the default policy through the app-level step.
  app.options('/early', async () => 'preflight')
  app.get('/early', async () => 'early')
  await app.register(cacheControl, { default: 'private' })
  await app.register(responseGuard)
  app.get('/cdn-own', { config: { cache: 'public' } }, async (_req, reply) => {
    // The second row fails after the pipeline set our Cache-Control (before any byte left): ours
    // is replaced on the error answer; the CDN-Cache-Control the handler set itself stays.
    reply.header('cdn-cache-control', 'max-age=9')
    return reply.csv((async function * () {
      yield { a: 1 }
      throw new Error('the second row')
    })())
  })
  app.register(async (child) => {
    child.setErrorHandler(async (_error, _req, reply) => reply.code(500).type('application/json').send(Buffer.from(JSON.stringify({ failed: true, token: 'SECRET-TOKEN' }))))
    child.get('/buffer', { schema: { response: { 200: User } } }, async () => { throw new Error('x') })
  })
  const base = await listen(t, app)
  const cdn = await call(base, '/cdn-own')
  t.same([cdn.status, cdn.headers['cache-control'], cdn.headers['cdn-cache-control']], [500, 'no-store', 'max-age=9'])
  t.same(JSON.parse((await call(base, '/buffer')).body), { failed: true }, 'a Buffer error body is stripped too')
  const res = await request(`${base}/early`, { method: 'OPTIONS' })
  await res.body.text()
  t.equal(res.headers['cache-control'], undefined, 'a preflight keeps no default policy')
  t.equal((await call(base, '/early')).headers['cache-control'], 'private, no-store', 'the GET added before the suite gets the default')
})

test('an error handler that answers with a stream is not read by the guard', async (t) => {
  const app = Fastify()
  await app.register(responseGuard)
  app.setErrorHandler(async (_error, _req, reply) => reply.code(500).type('application/json').send(Readable.from(['{"failed":true}'])))
  app.get('/s', { schema: { response: { 200: User } } }, async () => { throw new Error('x') })
  const base = await listen(t, app)
  t.same(JSON.parse((await call(base, '/s')).body), { failed: true })
})
