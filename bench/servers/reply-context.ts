// Bench servers for replyContext: one JSON route that sets a header from service code.
// 'reply': the handler passes `reply` down to the service; 'context': the service calls useReply();
// 'als-idle': as 'reply', in a process where an AsyncLocalStorage was used once (the Node.js 20 tax).
import { AsyncLocalStorage } from 'node:async_hooks'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import { replyContext, useReply } from '../../plugins/reply-context.js'

const post = { id: 1, title: 'Hello', author: 'ada', tags: ['a', 'b'], published: true, views: 1234 }

async function loadPost (reply: FastifyReply): Promise<typeof post> {
  reply.header('x-post-id', '1')
  return post
}

async function loadPostFromContext (): Promise<typeof post> {
  useReply().header('x-post-id', '1')
  return post
}

export default async function build (variant: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  if (variant === 'context') {
    await app.register(replyContext)
    app.get('/post', async () => await loadPostFromContext())
  } else {
    // The same number of registered plugins as 'context': registering one at all moves a process
    // between faster and slower code layouts (bench/README.md).
    await app.register(async () => {})
    if (variant === 'als-idle') new AsyncLocalStorage().run(true, () => {})
    app.get('/post', async (_request, reply) => await loadPost(reply))
  }
  return app
}
