// Routes the suite never saw (replyKit registered without `await`, or after the routes) are a
// finding: a strict responseGuard fails ready(), warn mode logs once per route; registered in an
// encapsulated context, the route is found at its first request. Over real sockets.
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import { Writable } from 'node:stream'
import { request } from 'undici'
import replyKit, { cacheControl, responseGuard, routeHeaders } from '../plugins/index.js'
import { listen } from './helpers/server.js'

const userSchema = { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: false } as const
const leaky = async (): Promise<string> => JSON.stringify({ id: '1', password_hash: 'x' })

/** An app whose warnings are collected as parsed log lines. */
function appWithLog (): { app: FastifyInstance, warnings: () => Array<{ msg: string, err?: { code?: string } }> } {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { lines.push(String(chunk)); done() } })
  const app = Fastify({ logger: { level: 'warn', stream } })
  return { app, warnings: () => lines.map(line => JSON.parse(line)).filter(entry => entry.level === 40) }
}

test('replyKit registered without await, route added right after: strict guard fails ready()', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  // The mistake under test: no await.
  app.register(replyKit, { guard: { mode: 'strict' } })
  app.get('/users/:id', leaky)
  app.post('/users', { schema: { response: { 200: userSchema } } }, async () => ({ id: '2' }))
  const error = await app.ready().then(() => undefined, (err: Error & { code?: string }) => err)
  t.equal(error?.code, 'FST_REPLYKIT_ROUTE_UNSEEN')
  t.match(error?.message, /GET \/users\/:id was added before replyKit was registered/)
  t.match(error?.message, /POST \/users was added before replyKit/)
  t.match(error?.message, /await app\.register\(\.\.\.\) before adding routes/)
  t.notMatch(error?.message, /HEAD/, 'the HEAD route Fastify adds beside a GET is not listed apart')
})

test('replyKit registered after the routes (in a plugin of their own): strict guard fails ready()', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(async (routes) => { routes.get('/files/*', leaky) })
  await app.register(replyKit, { guard: { mode: 'strict' } })
  await t.rejects(async () => await app.ready(), { code: 'FST_REPLYKIT_ROUTE_UNSEEN', message: /GET \/files\/\* was added before replyKit/ })
})

test('warn mode: ready() resolves, each unseen route is logged once, and the route still answers', async (t) => {
  const { app, warnings } = appWithLog()
  app.register(replyKit, {})
  app.get('/users/:id', leaky)
  app.get('/health', async () => 'ok')
  const url = await listen(t, app)
  const unseen = warnings().filter(w => /FST_REPLYKIT_ROUTE_UNSEEN|never saw it/.test(w.msg))
  t.equal(unseen.length, 2)
  t.match(unseen[0].msg, /GET \/users\/:id was added before replyKit was registered/)
  t.match(unseen[1].msg, /GET \/health was added before replyKit/)
  const res = await request(url + '/health')
  t.equal(await res.body.text(), 'ok')
  t.equal(warnings().length, 2, 'nothing more logged at request time')
})

test('registered first, with await: no finding, no warning', async (t) => {
  const { app, warnings } = appWithLog()
  await app.register(replyKit, { guard: { mode: 'strict' } })
  app.get('/users/:id', { schema: { response: { 200: userSchema } } }, async () => ({ id: '1' }))
  await app.ready()
  t.same(warnings(), [])
  t.same(app.responsePolicies().map(p => p.schema), ['filtered', 'filtered'])
  await app.close()
})

test('standalone parts report under their own names; a strict guard makes every finding an error', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.get('/early', leaky)
  await app.register(cacheControl, {})
  await app.register(routeHeaders, {})
  await app.register(responseGuard, { mode: 'strict' })
  await t.rejects(async () => await app.ready(), {
    code: 'FST_REPLYKIT_ROUTE_UNSEEN',
    message: /GET \/early was added before cacheControl, routeHeaders, responseGuard was registered/,
  })
})

test('encapsulated: a route of the same context is found at its first request; other contexts are not findings', async (t) => {
  const { app, warnings } = appWithLog()
  app.get('/health', async () => 'ok') // outside the suite's context, on purpose
  app.register(async (api) => {
    api.get('/me', leaky) // the mistake: before the suite, in its own context
    api.register(replyKit, { guard: { mode: 'warn' } })
    api.register(async (late) => { late.get('/later', { schema: { response: { 200: userSchema } } }, async () => ({ id: '1' })) })
  }, { prefix: '/api' })
  const url = await listen(t, app)
  t.same(warnings(), [], 'nothing can be told at ready() in an encapsulated context')
  for (let i = 0; i < 2; i++) {
    const res = await request(url + '/api/me')
    t.equal(res.statusCode, 200)
    await res.body.text()
  }
  t.equal((await request(url + '/health')).statusCode, 200)
  t.equal((await request(url + '/api/later')).statusCode, 200)
  const logged = warnings()
  t.equal(logged.length, 1, 'logged once per route, and not for /health or /api/later')
  t.equal(logged[0].err?.code, 'FST_REPLYKIT_ROUTE_UNSEEN')
  t.match(logged[0].msg, /GET \/api\/me was added before replyKit was registered.*await app\.register/)
})

test('encapsulated, strict guard: the unseen route answers 500 FST_REPLYKIT_ROUTE_UNSEEN instead of leaking', async (t) => {
  const app = Fastify()
  app.register(async (api) => {
    api.get('/me', leaky)
    api.register(replyKit, { guard: { mode: 'strict' } })
  })
  const url = await listen(t, app)
  const res = await request(url + '/me')
  t.equal(res.statusCode, 500)
  const body = await res.body.json() as { code: string, message: string }
  t.equal(body.code, 'FST_REPLYKIT_ROUTE_UNSEEN')
  t.notMatch(JSON.stringify(body), /password_hash/)
})
