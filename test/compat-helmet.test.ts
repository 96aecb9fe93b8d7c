// @fastify/helmet beside the suite, registered before and after it, over a real socket: helmet's
// headers are on every answer, ours too (cache policy, route headers, secure cookies, the guard),
// and the two never write the same header twice.
import { test } from 'tap'
import fastifyHelmet from '@fastify/helmet'
import { request } from 'undici'
import { parse as parseSetCookie } from 'set-cookie-parser'
import { listen } from './helpers/server.js'
import { tempDir } from './helpers/temp.js'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { appWith, ORDERS, setCookieLines, type RegisterPeer } from './helpers/compat.js'

const userSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'name'],
  additionalProperties: false,
} as const

const helmet: RegisterPeer = async (app) => { await app.register(fastifyHelmet) }

interface Checks {
  match: (found: unknown, pattern: RegExp, message: string) => unknown
  equal: (found: unknown, wanted: unknown, message: string) => unknown
}

function expectHelmet (t: Checks, headers: Record<string, unknown>, what: string): void {
  t.match(headers['content-security-policy'], /default-src 'self'/, `${what}: helmet's CSP`)
  t.equal(headers['x-content-type-options'], 'nosniff', `${what}: one nosniff`)
  t.equal(headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', `${what}: HSTS`)
  t.equal(headers['cross-origin-opener-policy'], 'same-origin', `${what}: COOP`)
}

for (const order of ORDERS) {
  test(`@fastify/helmet registered ${order} the suite`, async (t) => {
    const root = await tempDir(t, 'compat-helmet-')
    await writeFile(join(root, 'notes.txt'), 'notes\n')
    const app = await appWith(order, helmet, { guard: { mode: 'warn' }, helpers: { root } })
    app.get('/users/:id', {
      schema: { response: { 200: userSchema } },
      config: { cache: 'public', headers: { 'x-user-id': (req) => String((req.params as { id: string }).id) } },
    }, async (req) => ({ id: (req.params as { id: string }).id, name: 'Ada', password_hash: '$argon2id$secret' }))
    app.get('/login', { config: { guard: false } }, async (_req, reply) => {
      reply.setCookie('sid', 'abc')
      return reply.html('<p>hi</p>')
    })
    app.get('/notes', { config: { guard: false } }, (_req, reply) => reply.file('notes.txt'))
    const url = await listen(t, app)

    const user = await request(url + '/users/1')
    t.equal(user.statusCode, 200)
    const text = await user.body.text()
    t.same(JSON.parse(text), { id: '1', name: 'Ada' }, 'the guard filters')
    t.equal(user.headers['cache-control'], 'public, max-age=60')
    t.equal(user.headers['x-user-id'], '1', 'the route header is sent')
    expectHelmet(t, user.headers, '/users/1')

    const login = await request(url + '/login')
    t.equal(login.statusCode, 200)
    t.equal(await login.body.text(), '<p>hi</p>')
    t.match(login.headers['content-type'], /^text\/html/)
    const [sid] = parseSetCookie(setCookieLines(login.headers))
    t.match(sid, { name: 'sid', value: 'abc', httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })
    expectHelmet(t, login.headers, '/login')

    const notes = await request(url + '/notes')
    t.equal(notes.statusCode, 200)
    t.equal(await notes.body.text(), 'notes\n')
    t.match(notes.headers['content-disposition'], /^attachment/)
    expectHelmet(t, notes.headers, '/notes (an attachment, which sets nosniff itself)')

    const missing = await request(url + '/nope')
    await missing.body.text()
    t.equal(missing.statusCode, 404)
    expectHelmet(t, missing.headers, 'the not-found 404')
  })
}
