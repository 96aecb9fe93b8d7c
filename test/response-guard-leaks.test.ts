// The leak matrix: every way we found for a handler on a schema'd route to send a secret field.
// Each case runs over a real socket three times: without the guard (it leaks: the case is real),
// with onBypass 'filter' and with onBypass 'error' (the secret never reaches the wire).
import { test } from 'tap'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { Readable } from 'node:stream'
import { Type } from '@sinclair/typebox'
import { responseGuard } from '../plugins/response-guard.js'
import { listen } from './helpers/server.js'

const SECRET = 'SECRET-5f1e'
const user = () => ({ id: 1, name: 'ada', password_hash: SECRET, meta: { api_key: SECRET, plan: 'pro' } })
const User = Type.Object({ id: Type.Number(), name: Type.String() })
const json = (value: unknown) => JSON.stringify(value)

interface Case {
  name: string
  add: (app: FastifyInstance, path: string) => void
  /** Without the guard the secret goes out (false for cases Fastify already gets right). */
  leaksWithout: boolean
  /** In filter mode: the status and (parsed) body the client sees. */
  filtered: { status: number, body: unknown }
  /** In error mode: a 500 bypass error, or the same answer as filter mode (the normal path). */
  inErrorMode: 'bypass' | 'filtered'
}

const cases: Case[] = [
  {
    name: 'a status the schema has no entry for (201 with only 200)',
    add: (app, path) => app.get(path, { schema: { response: { 200: User } } }, async (_req, reply) => (reply as FastifyReply).code(201).send(user())),
    leaksWithout: true,
    filtered: { status: 201, body: { id: 1, name: 'ada' } },
    inErrorMode: 'filtered',
  },
  {
    name: 'a JSON string with application/json',
    add: (app, path) => app.get(path, { schema: { response: { 200: User } } }, async (_req, reply) => reply.type('application/json').send(json(user()))),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'a JSON string returned without a type (Fastify says text/plain)',
    add: (app, path) => app.get(path, { schema: { response: { 200: User } } }, async () => json(user())),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'a Buffer with application/json',
    add: (app, path) => app.get(path, { schema: { response: { 200: User } } }, async (_req, reply) => reply.type('application/json').send(Buffer.from(json(user())))),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'a Buffer without a type (Fastify says application/octet-stream)',
    add: (app, path) => app.get(path, { schema: { response: { 200: User } } }, async () => Buffer.from(' \n' + json(user()))),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'a pre-serialized array',
    add: (app, path) => app.get(path, { schema: { response: { 200: Type.Array(User) } } }, async (_req, reply) => reply.type('application/json').send(json([user(), user()]))),
    leaksWithout: true,
    filtered: { status: 200, body: [{ id: 1, name: 'ada' }, { id: 1, name: 'ada' }] },
    inErrorMode: 'bypass',
  },
  {
    name: 'a Web Response with application/json and its own status',
    add: (app, path) => app.get(path, { schema: { response: { 200: User } } }, async () => new Response(json(user()), { status: 200, headers: { 'content-type': 'application/json', 'x-from': 'response' } })),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'a Web Response with a string body (text/plain by default)',
    add: (app, path) => app.get(path, { schema: { response: { 201: User } } }, async () => new Response(json(user()), { status: 201 })),
    leaksWithout: true,
    filtered: { status: 201, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'a custom reply.serializer()',
    add: (app, path) => app.get(path, { schema: { response: { 200: User } } }, async (_req, reply) => reply.serializer((p: unknown) => JSON.stringify(p)).send(user())),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'app.setReplySerializer() (Fastify then skips response schemas)',
    add: (app, path) => app.register(async (child) => {
      child.setReplySerializer((p) => JSON.stringify(p))
      child.get(path, { schema: { response: { 200: User } } }, async () => user())
    }),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'filtered',
  },
  {
    name: 'reply.send() of a JSON string inside a preHandler hook',
    add: (app, path) => app.get(path, {
      schema: { response: { 200: User } },
      preHandler: (_req, reply, done) => { reply.type('application/json').send(json(user())); done() },
    }, async () => ({ id: 2, name: 'never' })),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'reply.send() of an object with an unschema\'d status inside an onRequest hook',
    add: (app, path) => app.get(path, {
      schema: { response: { 200: User } },
      onRequest: async (_req, reply) => (reply as FastifyReply).code(202).send(user()),
    }, async () => ({ id: 2, name: 'never' })),
    leaksWithout: true,
    filtered: { status: 202, body: { id: 1, name: 'ada' } },
    inErrorMode: 'filtered',
  },
  {
    name: 'onSend payload replacement by another plugin',
    add: (app, path) => app.register(async (child) => {
      // Error replies (the error handler's output) are not the guard's: the hook only rewrites 200s.
      child.addHook('onSend', async (_req, reply, payload) => {
        if (reply.statusCode !== 200) return payload
        reply.header('content-type', 'application/json; charset=utf-8')
        return json({ ...JSON.parse(payload as string), password_hash: SECRET })
      })
      child.get(path, { schema: { response: { 200: User } } }, async () => ({ id: 1, name: 'ada' }))
    }),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'nested arrays of Type.Any()',
    add: (app, path) => app.get(path, { schema: { response: { 200: Type.Object({ rows: Type.Array(Type.Array(Type.Any())) }) } } }, async () => ({ rows: [[user()]] })),
    leaksWithout: true,
    filtered: { status: 200, body: { rows: [[{ id: 1, name: 'ada', meta: { plan: 'pro' } }]] } },
    inErrorMode: 'filtered',
  },
  {
    name: 'Type.Unknown() property',
    add: (app, path) => app.get(path, { schema: { response: { 200: Type.Object({ id: Type.Number(), extra: Type.Unknown() }) } } }, async () => ({ id: 1, extra: user() })),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, extra: { id: 1, name: 'ada', meta: { plan: 'pro' } } } },
    inErrorMode: 'filtered',
  },
  {
    name: 'an object with additionalProperties: true',
    add: (app, path) => app.get(path, { schema: { response: { 200: Type.Object({ id: Type.Number() }, { additionalProperties: true }) } } }, async () => user()),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada', meta: { plan: 'pro' } } },
    inErrorMode: 'filtered',
  },
  {
    name: 'a record (Type.Record of Type.Any)',
    add: (app, path) => app.get(path, { schema: { response: { 200: Type.Record(Type.String(), Type.Any()) } } }, async () => ({ ada: user() })),
    leaksWithout: true,
    filtered: { status: 200, body: { ada: { id: 1, name: 'ada', meta: { plan: 'pro' } } } },
    inErrorMode: 'filtered',
  },
  {
    name: 'a union with an open branch',
    add: (app, path) => app.get(path, { schema: { response: { 200: Type.Union([Type.Object({ id: Type.Number(), meta: Type.Any() }), Type.Null()]) } } }, async () => user()),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, meta: { plan: 'pro' } } },
    inErrorMode: 'filtered',
  },
  {
    name: 'an intersection with an open part',
    add: (app, path) => app.get(path, { schema: { response: { 200: Type.Intersect([Type.Object({ id: Type.Number() }), Type.Object({ meta: Type.Any() })]) } } }, async () => user()),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, meta: { plan: 'pro' } } },
    inErrorMode: 'filtered',
  },
  {
    name: 'a shared $ref schema with additionalProperties: true',
    add: (app, path) => app.register(async (child) => {
      child.addSchema({ $id: 'OpenUser', type: 'object', properties: { id: { type: 'number' } }, additionalProperties: true })
      child.get(path, { schema: { response: { 200: { $ref: 'OpenUser#' } } } }, async () => user())
    }),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada', meta: { plan: 'pro' } } },
    inErrorMode: 'filtered',
  },
  {
    name: 'a 2xx key with an open schema and status 201',
    add: (app, path) => app.get(path, { schema: { response: { '2xx': { type: 'object', additionalProperties: true } } } }, async (_req, reply) => (reply as FastifyReply).code(201).send(user())),
    leaksWithout: true,
    filtered: { status: 201, body: { id: 1, name: 'ada', meta: { plan: 'pro' } } },
    inErrorMode: 'filtered',
  },
  {
    name: 'a default key, a pre-serialized string at status 418',
    add: (app, path) => app.get(path, { schema: { response: { default: Type.Partial(Type.Object({ id: Type.Number(), name: Type.String(), code: Type.String() })) } } }, async (_req, reply) => reply.code(418).type('application/json').send(json(user()))),
    leaksWithout: true,
    filtered: { status: 418, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'a +json type (application/vnd.api+json string)',
    add: (app, path) => app.get(path, { schema: { response: { 200: User } } }, async (_req, reply) => reply.type('application/vnd.api+json').send(json(user()))),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'a content-type-keyed schema that does not match the reply (problem+json object)',
    add: (app, path) => app.get(path, { schema: { response: { 200: { content: { 'application/json': { schema: User } } } } } }, async (_req, reply) => reply.type('application/problem+json').send(user())),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'filtered',
  },
  {
    name: 'patternProperties with additionalProperties: false',
    add: (app, path) => app.get(path, { schema: { response: { 200: { type: 'object', properties: { id: { type: 'number' } }, patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false } } } }, async () => ({ ...user(), 'x-tag': 'a' })),
    leaksWithout: false,
    filtered: { status: 200, body: { id: 1, 'x-tag': 'a' } },
    inErrorMode: 'filtered',
  },
  {
    name: 'a Node stream of JSON',
    add: (app, path) => app.get(path, { schema: { response: { 200: User } } }, async (_req, reply) => reply.type('application/json').send(Readable.from([json(user()).slice(0, 10), json(user()).slice(10)]))),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'a Web ReadableStream of JSON',
    add: (app, path) => app.get(path, { schema: { response: { 200: User } } }, async (_req, reply) => reply.type('application/json').send(new Blob([json(user())]).stream())),
    leaksWithout: true,
    filtered: { status: 200, body: { id: 1, name: 'ada' } },
    inErrorMode: 'bypass',
  },
  {
    name: 'an array without items (Type.Array(Type.Any())) at the top',
    add: (app, path) => app.get(path, { schema: { response: { 200: Type.Array(Type.Any()) } } }, async () => [user()]),
    leaksWithout: true,
    filtered: { status: 200, body: [{ id: 1, name: 'ada', meta: { plan: 'pro' } }] },
    inErrorMode: 'filtered',
  },
  {
    name: 'a class instance with a toJSON under Type.Any()',
    add: (app, path) => app.get(path, { schema: { response: { 200: Type.Object({ owner: Type.Any() }) } } }, async () => ({ owner: { toJSON: () => user() } })),
    leaksWithout: true,
    filtered: { status: 200, body: { owner: { id: 1, name: 'ada', meta: { plan: 'pro' } } } },
    inErrorMode: 'filtered',
  },
]

async function serve (t: Parameters<typeof listen>[0], guard: false | 'filter' | 'error'): Promise<string> {
  const app = Fastify()
  if (guard !== false) await app.register(responseGuard, { onBypass: guard })
  cases.forEach((c, i) => c.add(app, `/case/${i}`))
  return listen(t, app)
}

test('leak matrix', async (t) => {
  t.ok(cases.length >= 15, `${cases.length} cases`)
  const [without, filter, error] = await Promise.all([serve(t, false), serve(t, 'filter'), serve(t, 'error')])
  for (const [i, c] of cases.entries()) {
    await t.test(c.name, async (t) => {
      const bare = await (await fetch(`${without}/case/${i}`)).text()
      t.equal(bare.includes(SECRET), c.leaksWithout, c.leaksWithout ? 'leaks without the guard' : 'safe without the guard')

      const filtered = await fetch(`${filter}/case/${i}`)
      const filteredBody = await filtered.text()
      t.notOk(filteredBody.includes(SECRET), 'filter mode: no secret on the wire')
      t.equal(filtered.status, c.filtered.status, 'filter mode: status')
      t.match(filtered.headers.get('content-type'), /json/, 'filter mode: a JSON type')
      t.same(JSON.parse(filteredBody), c.filtered.body, 'filter mode: the declared fields')

      const errored = await fetch(`${error}/case/${i}`)
      const erroredBody = await errored.text()
      t.notOk(erroredBody.includes(SECRET), 'error mode: no secret on the wire')
      if (c.inErrorMode === 'bypass') {
        t.equal(errored.status, 500, 'error mode: 500')
        t.equal(JSON.parse(erroredBody).code, 'FST_REPLYKIT_SCHEMA_BYPASS')
      } else {
        t.equal(errored.status, c.filtered.status, 'error mode: the normal path')
        t.same(JSON.parse(erroredBody), c.filtered.body)
      }
    })
  }
})

test('a Web Response keeps its headers when filtered', async (t) => {
  const app = Fastify()
  await app.register(responseGuard)
  app.get('/', { schema: { response: { 200: User } } }, async () => new Response(json(user()), { headers: { 'content-type': 'application/json', 'x-from': 'response' } }))
  const res = await fetch(await listen(t, app))
  t.equal(res.headers.get('x-from'), 'response')
  t.same(await res.json(), { id: 1, name: 'ada' })
})

test('plugins registered around the guard see the filtered body', async (t) => {
  const app = Fastify()
  await app.register(responseGuard)
  // A plugin adding per-route onSend hooks after the guard (as cacheControl does) sees the filtered body.
  const seen: unknown[] = []
  await app.register(fp(async (f) => {
    f.addHook('onRoute', (opts) => { opts.onSend = [...[opts.onSend ?? []].flat(), async (_req: unknown, _reply: unknown, payload: unknown) => { seen.push(payload); return payload }] as never })
  }))
  app.get('/', { schema: { response: { 200: User } } }, async (_req, reply) => reply.type('application/json').send(json(user())))
  await fetch(await listen(t, app))
  t.same(seen, [json({ id: 1, name: 'ada' })])
})
