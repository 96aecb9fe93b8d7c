// Bench server for cacheControl: one JSON route that sends `public, max-age=3600`, either set by
// hand with reply.header() ('header', plain Fastify) or from a route policy with cacheControl
// registered ('policy'). The scenario serves both from one process (pairedHttpVariants).
import Fastify, { type FastifyInstance } from 'fastify'
import { cacheControl } from '../../plugins/cache-control.js'

const post = { id: 42, title: 'Notes on the analytical engine', tags: ['math', 'engines'], published: true }

export default async function build (variant: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  if (variant === 'policy') {
    await app.register(cacheControl)
    app.get('/post', { config: { cache: { preset: 'public', maxAge: '1h' } } }, async () => post)
  } else {
    app.get('/post', async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600')
      return post
    })
  }
  await app.ready()
  return app
}
