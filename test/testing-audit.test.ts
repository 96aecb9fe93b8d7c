// fastify-reply-kit/testing: auditRoutes gives responseGuard's start-up findings as data.
import t from 'tap'
import Fastify from 'fastify'
import { Type } from '@sinclair/typebox'
import { auditRoutes, policyTable } from '../testing/index.js'
import { replyKit } from '../plugins/index.js'
import { routeRecords } from '../plugins/suite/route-record.js'

t.test('auditRoutes lists one entry per finding; [] for a clean app', async (t) => {
  const app = Fastify()
  await app.register(replyKit, { guard: { mode: 'strict' } })
  app.get('/raw', async () => ({ id: 1 }))
  app.get('/user', { schema: { response: { 200: Type.Object({ id: Type.Integer(), token: Type.String() }) } } }, async () => ({ id: 1, token: 'x' }))
  app.get('/ok', { schema: { response: { 200: Type.Object({ id: Type.Integer() }) } } }, async () => ({ id: 1 }))
  t.teardown(() => app.close())
  const findings = await auditRoutes(app) // strict: ready() rejects, the findings are still the answer
  t.match(findings, [
    { method: 'GET', url: '/raw', finding: /^no 2xx response schema/ },
    { method: 'GET', url: '/user', finding: /token looks like a secret/ },
  ])
  t.equal(findings.length, 2)

  const clean = Fastify()
  await clean.register(replyKit)
  clean.get('/ok', { schema: { response: { 200: Type.Object({ id: Type.Integer() }) } }, config: { cache: 'public' } }, async () => ({ id: 1 }))
  clean.head('/only-head', { config: { guard: false } }, async (_request, reply) => reply.send())
  t.teardown(() => clean.close())
  t.same(await auditRoutes(clean), [])
  t.same((await policyTable(clean)).map(row => `${row.method} ${row.url} ${row.cache ?? '-'}`), ['GET /ok public, max-age=60', 'HEAD /only-head -'])
})

t.test('auditRoutes needs responseGuard, and passes on a start-up that fails for another reason', async (t) => {
  const bare = Fastify()
  t.teardown(() => bare.close())
  t.same(routeRecords(bare), [], 'no plugin of the suite: no records')
  await t.rejects(auditRoutes(bare), { name: 'TypeError', message: 'auditRoutes: the app has no responseGuard (register replyKit or responseGuard before the routes)' })
  const failing = Fastify()
  await failing.register(replyKit)
  failing.register(async () => { throw new Error('no database') })
  await t.rejects(auditRoutes(failing), { message: 'no database' })
})
