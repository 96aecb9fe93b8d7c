import { test } from 'tap'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import { recordOfConfig, routeRecord, routeRegistry, addRouteHook, type RouteRecord } from '../plugins/suite/route-record.js'

test('two plugins share one record per route, HEAD routes get their own', async (t) => {
  const app = Fastify()
  const seen: RouteRecord[] = []
  await app.register(fp(async (fastify) => {
    fastify.addHook('onRoute', (opts) => { routeRecord(fastify, opts).cache = 'public, max-age=60' })
  }))
  await app.register(fp(async (fastify) => {
    fastify.addHook('onRoute', (opts) => {
      const record = routeRecord(fastify, opts)
      record.schema = 'missing'
      seen.push(record)
      addRouteHook(opts, 'onSend', async (_req, reply, payload) => { reply.header('x-hook', record.method); return payload })
    })
  }))
  const shared = { custom: 1 }
  app.get('/a', { config: shared, onSend: async (_req, _reply, payload) => payload }, async (request) => {
    const record = recordOfConfig(request.routeOptions.config)
    return { method: record?.method, cache: record?.cache, custom: request.routeOptions.config.custom }
  })
  app.post('/b', { config: shared }, async () => 'ok')
  await app.ready()

  t.same(seen.map(r => `${r.method} ${r.url} ${r.cache} ${r.schema}`),
    ['GET /a public, max-age=60 missing', 'HEAD /a public, max-age=60 missing', 'POST /b public, max-age=60 missing'])
  t.equal(routeRegistry(app).records.length, 3, 'one registry for the app')
  t.notOk(recordOfConfig(shared), 'the user config object is not mutated')
  t.equal(recordOfConfig(undefined), undefined)

  const get = await app.inject('/a')
  t.same(get.json(), { method: 'GET', cache: 'public, max-age=60', custom: 1 })
  t.equal(get.headers['x-hook'], 'GET')
  const head = await app.inject({ method: 'HEAD', url: '/a' })
  t.equal(head.headers['x-hook'], 'HEAD')
  const post = await app.inject({ method: 'POST', url: '/b' })
  t.equal(post.headers['x-hook'], 'POST')
})

test('array methods are joined in the record', async (t) => {
  const app = Fastify({ exposeHeadRoutes: false })
  let record: RouteRecord | undefined
  await app.register(fp(async (fastify) => {
    fastify.addHook('onRoute', (opts) => { record = routeRecord(fastify, opts) })
  }))
  app.route({ method: ['GET', 'POST'], url: '/m', handler: async () => 'ok' })
  await app.ready()
  t.equal(record?.method, 'GET,POST')
})
