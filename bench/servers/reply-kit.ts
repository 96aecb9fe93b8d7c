// Bench servers for the whole suite: one route with every feature (cache policy, a cookie set from
// service code, a declared header, timing, a guarded response schema), against the same route
// written by hand with plain Fastify and @fastify/cookie.
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply } from 'fastify'
import cookie from '@fastify/cookie'
import replyKit, { useReply } from '../../plugins/index.js'

const schema = {
  params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  response: {
    200: {
      type: 'object',
      additionalProperties: false,
      properties: { id: { type: 'string' }, title: { type: 'string' }, author: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, views: { type: 'integer' } },
    },
  },
} as const

function row (id: string): Record<string, unknown> {
  return { id, title: 'Hello', author: 'ada', tags: ['a', 'b'], views: 1234, passwordHash: 'x' }
}

/** The suite's package, as `import replyKit, { useReply }` gives it (this build's, or a baseline's). */
export interface SuitePackage {
  default: FastifyPluginAsync<Record<string, unknown>>
  useReply: () => FastifyReply
}

async function loadPostByHand (id: string, reply: FastifyReply): Promise<Record<string, unknown>> {
  reply.setCookie('last_seen', id, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' })
  return row(id)
}

/** The route with every feature on, built with `suite` (also bench/servers/reply-kit-baseline.ts). */
export async function kitRoute (app: FastifyInstance, suite: SuitePackage): Promise<void> {
  await app.register(suite.default, { headers: { timing: 'server-timing' }, guard: { mode: 'warn' } })
  app.get('/posts/:id', {
    schema,
    config: { cache: 'public', headers: { 'x-post-id': (req) => req.params.id as string } },
  }, async (request) => {
    const id = (request.params as { id: string }).id
    suite.useReply().setCookie('last_seen', id)
    return row(id)
  })
}

const kStart = Symbol('start')

export default async function build (variant: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  if (variant === 'kit') {
    await kitRoute(app, { default: replyKit as unknown as SuitePackage['default'], useReply })
  } else {
    await app.register(cookie)
    app.decorateRequest(kStart as unknown as string, 0)
    app.addHook('onRequest', (request, _reply, done) => { (request as unknown as Record<symbol, number>)[kStart] = performance.now(); done() })
    app.addHook('onSend', (request, reply, payload, done) => {
      const elapsed = performance.now() - (request as unknown as Record<symbol, number>)[kStart]
      reply.header('server-timing', `app;dur=${elapsed.toFixed(1)}`)
      done(null, payload)
    })
    app.get('/posts/:id', { schema }, async (request, reply) => {
      const id = (request.params as { id: string }).id
      // A public policy would let shared caches store the cookie: private, as cacheControl does.
      reply.header('cache-control', 'private, max-age=60').header('x-post-id', id)
      return await loadPostByHand(id, reply)
    })
  }
  return app
}
