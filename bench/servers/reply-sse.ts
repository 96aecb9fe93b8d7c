// Bench servers for reply.sse: `GET /events?rows=N` streams N events (id, event type, JSON data)
// from an async generator, through reply.sse ('kit'), reply.sse with a TypeBox schema
// ('kit-schema'), or @fastify/sse 0.6.0's reply.sse.send ('fastify-sse', no schema: it has none).
// `GET /idle` opens a stream that sends one event and then stays open; `GET /heap` collects garbage
// and reports the heap, for the memory per idle stream.
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type RouteShorthandOptions } from 'fastify'
import { createRequire } from 'node:module'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Type } from '@sinclair/typebox'
import { replyHelpers } from '../../plugins/reply-helpers.js'
import { rowCount } from './reply-csv.js'

// Loaded untyped: its types declare `reply.sse` as an object, ours as a method.
const fastifySse = createRequire(import.meta.url)('@fastify/sse') as FastifyPluginAsync<{ heartbeatInterval: number }>
interface PeerSse { send: (source: unknown) => Promise<void>, keepAlive: () => void, onClose: (fn: () => void) => void }
const peer = (reply: FastifyReply): PeerSse => (reply as unknown as { sse: PeerSse }).sse
// 'only': an SSE-only route, so a client without an Accept header (the bench's) gets the stream.
const sseRoute = { sse: 'only' } as RouteShorthandOptions

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

export const PostEvent = Type.Object({ id: Type.Integer(), title: Type.String(), tags: Type.Array(Type.String()), published: Type.Boolean() })

/** The same events for every variant. */
export async function * events (count: number): AsyncGenerator<{ id: string, event: string, data: unknown }> {
  for (let i = 0; i < count; i++) {
    yield { id: String(i), event: 'post', data: { id: i, title: `Post number ${i}`, tags: ['news', 'sse'], published: i % 2 === 0 } }
  }
}

async function * idle (signal?: AbortSignal): AsyncGenerator<{ data: string }> {
  yield { data: 'hello' }
  await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }))
}

export default async function build (variant: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  app.get('/heap', async () => {
    for (let i = 0; i < 3; i++) gc()
    return { heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss }
  })
  if (variant === 'fastify-sse') {
    await app.register(fastifySse, { heartbeatInterval: 15_000 })
    app.get('/events', sseRoute, async (request, reply) => { await peer(reply).send(events(rowCount(request.query))) })
    app.get('/idle', sseRoute, async (_request, reply) => {
      const sse = peer(reply)
      sse.keepAlive()
      const controller = new AbortController()
      sse.onClose(() => controller.abort())
      sse.send(idle(controller.signal)).catch(() => {})
    })
  } else {
    await app.register(replyHelpers)
    const options = variant === 'kit-schema' ? { schema: PostEvent } : {}
    app.get('/events', (request, reply) => reply.sse(events(rowCount(request.query)), options))
    app.get('/idle', (_request, reply) => reply.sse(({ signal }) => idle(signal)))
  }
  await app.ready()
  return app
}
