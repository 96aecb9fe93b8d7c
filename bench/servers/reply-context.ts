// Bench servers for replyContext: one JSON route that sets a header from service code.
// 'reply': the handler passes `reply` down to the service; 'context': replyContext registered, the
// service calls useReply(); 'request-context': @fastify/request-context doing the same work (the
// reply stored in onRequest, read in the service); 'als-idle': as 'reply', in a process where an
// AsyncLocalStorage was used once. Served alone or paired in one process ('reply,context': the
// floor on Node.js 20 and 22, where replyContext's AsyncLocalStorage taxes every app of the process).
import { AsyncLocalStorage } from 'node:async_hooks'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import { fastifyRequestContext, requestContext } from '@fastify/request-context'
import { replyContext, useReply } from '../../plugins/reply-context.js'

declare module '@fastify/request-context' {
  interface RequestContextData { reply: FastifyReply }
}

const post = { id: 1, title: 'Hello', author: 'ada', tags: ['a', 'b'], published: true, views: 1234 }

async function loadPost (reply: FastifyReply): Promise<typeof post> {
  reply.header('x-post-id', '1')
  return post
}

async function loadPostFromContext (): Promise<typeof post> {
  useReply().header('x-post-id', '1')
  return post
}

async function loadPostFromRequestContext (): Promise<typeof post> {
  requestContext.get('reply')!.header('x-post-id', '1')
  return post
}

export default async function build (variant: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  if (variant === 'context') {
    await app.register(replyContext)
    app.get('/post', async () => await loadPostFromContext())
  } else if (variant === 'request-context') {
    await app.register(fastifyRequestContext)
    app.addHook('onRequest', (request, reply, done) => { request.requestContext.set('reply', reply); done() })
    app.get('/post', async () => await loadPostFromRequestContext())
  } else {
    // The same number of registered plugins as 'context': registering one at all moves a process
    // between faster and slower code layouts (bench/README.md).
    await app.register(async () => {})
    if (variant === 'als-idle') new AsyncLocalStorage().run(true, () => {})
    app.get('/post', async (_request, reply) => await loadPost(reply))
  }
  return app
}
