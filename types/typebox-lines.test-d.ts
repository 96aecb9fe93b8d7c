// Schemas of both TypeBox lines fit reply.csv and reply.ndjson, under both type providers:
// @sinclair/typebox 0.34 with @fastify/type-provider-typebox 5, typebox 1.x with its 6.x.
import Fastify from 'fastify'
import { Type as Type034 } from '@sinclair/typebox'
import type { TypeBoxTypeProvider as Provider5 } from '@fastify/type-provider-typebox'
import { Type as Type1 } from 'typebox'
import type { TypeBoxTypeProvider as Provider6 } from 'type-provider-typebox-6'
import '../plugins/index.js'

const Row034 = Type034.Object({ id: Type034.Number(), name: Type034.String() })
const Row1 = Type1.Object({ id: Type1.Number(), name: Type1.String() })

const app5 = Fastify().withTypeProvider<Provider5>()
app5.get('/a.csv', { schema: { params: Type034.Object({ id: Type034.String() }) } }, async (request, reply) => {
  const id: string = request.params.id
  reply.header('x-id', id)
  return reply.csv([{ id: 1, name: 'a' }], { schema: Row034 })
})
app5.get('/a.ndjson', async (_request, reply) => reply.ndjson([{ id: 1, name: 'a' }], { schema: Row034 }))

const app6 = Fastify().withTypeProvider<Provider6>()
app6.get('/b.csv', { schema: { params: Type1.Object({ id: Type1.String() }) } }, async (request, reply) => {
  const id: string = request.params.id
  reply.header('x-id', id)
  return reply.csv([{ id: 1, name: 'a' }], { schema: Row1 })
})
app6.get('/b.ndjson', async (_request, reply) => reply.ndjson([{ id: 1, name: 'a' }], { schema: Row1 }))
// Plain JSON Schema objects too.
app6.get('/c.csv', async (_request, reply) => reply.csv([], { schema: { type: 'object', properties: { id: { type: 'number' } } } }))

app5.get('/bad', async (_request, reply) => {
  // @ts-expect-error a CSV schema is an object schema: it has properties
  reply.csv([], { schema: Type034.String() })
  // @ts-expect-error a schema is an object, not a string
  return reply.ndjson([], { schema: 'object' })
})
