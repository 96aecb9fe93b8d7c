// Bench server for encrypted cookies: each request opens the sealed cookie it carries and seals a
// new value of the same size, with secureCookies (`encrypted: true`, request.readCookie) ('ours')
// or with @fastify/secure-session (libsodium secretbox) doing the same ('secure-session'). The
// load generator sends no cookies, so an onRequest hook gives every request the Cookie header the
// app itself set at start-up; a request whose cookie does not open answers 500 (the harness fails).
import Fastify, { type FastifyInstance } from 'fastify'
import fastifySecureSession from '@fastify/secure-session'
import { randomBytes } from 'node:crypto'
import { secureCookies } from '../../plugins/secure-cookies.js'

// A small session: user id and issued-at, as the example's session cookie carries.
const payload = { user: 'u-000042', issued: 1767225600, roles: ['reader', 'editor'] }
const text = JSON.stringify(payload)

// Untyped access: @fastify/session's declaration merging (tests load it too) narrows the key type.
type Store = { get: (key: string) => unknown, set: (key: string, value: unknown) => void }

export default async function build (variant: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  // The Cookie header every request carries, once the app has set its cookie at start-up.
  const sent: { cookie?: string } = {}
  // Before the cookie plugins, so their parsing sees it.
  app.addHook('onRequest', async (request) => {
    if (sent.cookie !== undefined) request.raw.headers.cookie = sent.cookie
  })
  if (variant === 'ours') {
    await app.register(secureCookies, {
      keys: [{ id: 'k2', key: randomBytes(32) }, { id: 'k1', key: randomBytes(32) }],
      cookies: { state: { encrypted: true, maxAge: 3600 } },
    })
    app.get('/state', async (request, reply) => {
      const read = request.readCookie('state')
      if (sent.cookie !== undefined && read !== text) return reply.code(500).send({ ok: false })
      reply.setCookie('state', text)
      return { ok: true }
    })
  } else {
    await app.register(fastifySecureSession, {
      key: randomBytes(32),
      cookieName: 'state',
      cookie: { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: 3600 },
    })
    app.get('/state', async (request, reply) => {
      const session = request.session as unknown as Store
      const read = session.get('data')
      if (sent.cookie !== undefined && JSON.stringify(read) !== text) return reply.code(500).send({ ok: false })
      session.set('data', { ...payload })
      return { ok: true }
    })
  }
  await app.ready()
  const first = await app.inject('/state')
  const line = [first.headers['set-cookie'] ?? []].flat()[0]
  if (line === undefined) throw new Error(`cookie-seal ${variant}: no Set-Cookie at start-up`)
  sent.cookie = line.slice(0, line.indexOf(';'))
  return app
}
