// @fastify/swagger beside the suite, registered before and after it, over a real socket: every
// route still answers (the guard filtering as before), and the OpenAPI document generates, is
// valid OpenAPI 3 (@seriousme/openapi-schema-validator) and lists the suite's routes.
import { test } from 'tap'
import fastifySwagger from '@fastify/swagger'
import { Validator } from '@seriousme/openapi-schema-validator'
import { request } from 'undici'
import { listen } from './helpers/server.js'
import { appWith, ORDERS, type RegisterPeer } from './helpers/compat.js'

const userSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'name'],
  additionalProperties: false,
} as const

const swagger: RegisterPeer = async (app) => {
  await app.register(fastifySwagger, { openapi: { openapi: '3.0.3', info: { title: 'compat', version: '1.0.0' } } })
}

for (const order of ORDERS) {
  test(`@fastify/swagger registered ${order} the suite`, async (t) => {
    const app = await appWith(order, swagger, { guard: { mode: 'warn' } })
    app.get('/users/:id', {
      schema: { params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, response: { 200: userSchema } },
      config: { cache: 'public', headers: { 'x-user-id': (req) => String((req.params as { id: string }).id) } },
    }, async (req) => ({ id: (req.params as { id: string }).id, name: 'Ada', password_hash: '$argon2id$secret' }))
    app.get('/export.csv', { config: { guard: false } }, (_req, reply) => reply.csv([{ a: 1, b: 2 }]))
    app.get('/openapi.json', { schema: { hide: true }, config: { guard: false } }, async (_req, reply) => {
      reply.type('application/json')
      return JSON.stringify(app.swagger())
    })
    const url = await listen(t, app)

    const user = await request(url + '/users/1')
    t.equal(user.statusCode, 200)
    t.same(await user.body.json(), { id: '1', name: 'Ada' }, 'the guard still filters')
    t.equal(user.headers['cache-control'], 'public, max-age=60')
    t.equal(user.headers['x-user-id'], '1')

    const csv = await request(url + '/export.csv')
    t.equal(csv.statusCode, 200)
    t.equal(await csv.body.text(), 'a,b\r\n1,2\r\n')

    const doc = await request(url + '/openapi.json')
    t.equal(doc.statusCode, 200)
    const document = await doc.body.json() as { openapi: string, paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> }
    t.equal(document.openapi, '3.0.3')
    const result = await new Validator().validate(document as never)
    t.equal(result.valid, true, `the document is valid OpenAPI (${JSON.stringify(result.errors ?? null).slice(0, 300)})`)
    t.ok(document.paths['/users/{id}']?.get, 'the guarded route is documented')
    t.match(document.paths['/users/{id}']?.get?.responses?.['200'], {
      content: { 'application/json': { schema: { properties: { id: { type: 'string' }, name: { type: 'string' } } } } },
    }, 'with its response schema')
    t.notOk(JSON.stringify(document).includes('password_hash'), 'no secret field in the document')
    t.ok(document.paths['/export.csv']?.get, 'the CSV route is documented')
    t.equal(document.paths['/openapi.json'], undefined, 'hidden routes stay hidden')
  })
}
