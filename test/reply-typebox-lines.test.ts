// reply.csv and reply.ndjson with schemas from both TypeBox lines, each under its own type
// provider: @sinclair/typebox 0.34 with @fastify/type-provider-typebox 5, typebox 1.x with 6.x.
// Over real sockets; CSV read back with csv-parse. Undeclared fields never leave.
import { test } from 'tap'
import Fastify from 'fastify'
import { request } from 'undici'
import { parse as parseCsv } from 'csv-parse/sync'
import { Type as Type034 } from '@sinclair/typebox'
import { TypeBoxTypeProvider as Provider5, TypeBoxValidatorCompiler as Compiler5 } from '@fastify/type-provider-typebox'
import { Type as Type1 } from 'typebox'
import { TypeBoxTypeProvider as Provider6, TypeBoxValidatorCompiler as Compiler6 } from 'type-provider-typebox-6'
import { replyHelpers } from '../plugins/index.js'
import { listen } from './helpers/server.js'

const rows = [{ name: 'a', id: 1, password: 'never-leaves' }, { name: 'b', id: 2, password: 'never-leaves' }]

test('both TypeBox lines: CSV columns and NDJSON fields come from the schema only', async (t) => {
  const lines = [
    ['@sinclair/typebox 0.34 + provider 5', Type034.Object({ id: Type034.Number(), name: Type034.String() }), Type034.Object({ n: Type034.Integer() }), Compiler5, 5],
    ['typebox 1.x + provider 6', Type1.Object({ id: Type1.Number(), name: Type1.String() }), Type1.Object({ n: Type1.Integer() }), Compiler6, 6],
  ] as const
  for (const [label, Row, Query, compiler, version] of lines) {
    const base = Fastify().setValidatorCompiler(compiler as never)
    await base.register(replyHelpers, {})
    const app = version === 5 ? base.withTypeProvider<Provider5>() : base.withTypeProvider<Provider6>()
    app.get('/users', { schema: { querystring: Query } }, async (request, reply) =>
      reply.csv(rows.slice(0, Number((request.query as { n: number }).n)), { schema: Row }))
    app.get('/users.ndjson', async (_request, reply) => reply.ndjson(rows, { schema: Row }))
    const url = await listen(t, app)

    const csv = await request(url + '/users?n=2')
    const text = await csv.body.text()
    t.same(parseCsv(text), [['id', 'name'], ['1', 'a'], ['2', 'b']], `${label}: CSV in the schema's order`)
    t.notMatch(text, 'never-leaves')
    const invalid = await request(url + '/users?n=x')
    t.equal(invalid.statusCode, 400, `${label}: the provider's validator runs`)
    await invalid.body.text()

    const ndjson = await request(url + '/users.ndjson')
    const body = await ndjson.body.text()
    t.same(body.trim().split('\n').map(line => JSON.parse(line)), [{ id: 1, name: 'a' }, { id: 2, name: 'b' }], `${label}: NDJSON through the schema`)
  }
})
