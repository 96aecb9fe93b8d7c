// Type tests for reply.sse, checked by `npm run typecheck`: the @ts-expect-error lines must stay errors.
import Fastify, { type FastifyReply } from 'fastify'
import { Type } from '@sinclair/typebox'
import { replyHelpers } from '../plugins/reply-helpers.js'
import type { SseEvent, SseItem, SseOptions, SseSource } from '../plugins/index.js'

const app = Fastify()
app.register(replyHelpers)
const Post = Type.Object({ id: Type.Integer(), title: Type.String() })

app.get('/events', async (_request, reply) => {
  const chained: FastifyReply = reply.sse(['a', { data: { id: 1 }, event: 'post', id: '1', retry: 0, comment: 'c' }])
  reply.sse(async function * ({ signal, lastEventId }) {
    if (!signal.aborted) yield { id: lastEventId ?? '0', data: 'x' }
  }, { schema: Post, heartbeat: 0, retry: 1000, writeTimeout: 5000, close: { event: 'bye', data: 'bye' } })
  reply.sse(() => ['sync'], { close: false })
  const event: SseEvent = { data: null }
  const item: SseItem = 'text'
  const source: SseSource = [event, item]
  const options: SseOptions = { heartbeat: 15_000 }
  reply.sse(source, options)
  // @ts-expect-error a number is not an SSE source
  reply.sse(42)
  // @ts-expect-error an event id is a string
  reply.sse([{ id: 1 }])
  // @ts-expect-error heartbeat is a number of milliseconds
  reply.sse([], { heartbeat: '15s' })
  // @ts-expect-error close is an event or false
  reply.sse([], { close: true })
  return chained
})
