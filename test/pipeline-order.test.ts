// Registration order never changes an answer (issue 11): the six plugins registered on their own,
// in 120 orders drawn by fast-check (of the 720), answer a fixed set of routes identically:
// status, every header but Date, and body.
import { test } from 'tap'
import fc from 'fast-check'
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import { Type } from '@sinclair/typebox'
import { cacheControl, replyContext, replyHelpers, responseGuard, routeHeaders, secureCookies, useReply } from '../plugins/index.js'

const User = Type.Object({ id: Type.Number(), name: Type.String() })
const row = { id: 7, name: 'ada', password_hash: 'SECRET' }

const PLUGINS: Array<[string, FastifyPluginAsync<any>, object]> = [
  ['context', replyContext, {}],
  ['cookies', secureCookies, { secret: 'a-secret-of-at-least-32-characters!!', cookies: { seen: { maxAge: 60 } } }],
  ['headers', routeHeaders, { headers: { 'x-frame-options': 'DENY' } }],
  ['helpers', replyHelpers, {}],
  ['guard', responseGuard, {}],
  ['cache', cacheControl, { default: 'no-store' }],
]

function routes (app: FastifyInstance): void {
  const schema = { response: { 200: User } }
  app.get('/post', { schema, config: { cache: { preset: 'public', etag: true }, headers: { 'x-post': 'post' } } }, async () => {
    useReply().setCookie('seen', '7')
    return row
  })
  app.get('/public', { schema, config: { cache: 'public', headers: { 'x-post': (req) => req.url.length > 3 ? 'long' : undefined } } }, async () => row)
  app.get('/raw', { schema, config: { cache: 'public' } }, async (_req, reply) => reply.type('application/json').send(JSON.stringify(row)))
  app.get('/response', { schema, config: { cache: 'public' } }, async () => Response.json(row, { headers: { 'set-cookie': 'raw=1' } }))
  app.get('/fail', { schema, config: { cache: 'public' } }, async (_req, reply) => { reply.setCookie('seen', '1'); throw new Error('no') })
  app.get('/csv', { config: { cache: 'private' } }, async (_req, reply) => reply.csv([{ a: 1 }, { a: 2 }], { filename: 'a.csv' }))
  app.get('/text', async (_req, reply) => reply.text('hello'))
}

const REQUESTS = [
  ['/post', {}], ['/post', { 'if-none-match': 'W/"nope"' }], ['/public', {}], ['/raw', {}], ['/response', {}],
  ['/fail', {}], ['/csv', {}], ['/text', {}], ['/nowhere', {}], ['/public', { authorization: 'Bearer x' }],
] as const

async function answers (order: number[]): Promise<string[]> {
  const app = Fastify()
  for (const index of order) {
    const [, plugin, options] = PLUGINS[index]
    await app.register(plugin, options)
  }
  routes(app)
  const out: string[] = []
  for (const [url, headers] of REQUESTS) {
    const res = await app.inject({ url, headers })
    const { date: _date, ...rest } = res.headers
    out.push(JSON.stringify({ url, status: res.statusCode, headers: Object.entries(rest).sort(), body: res.body }))
  }
  await app.close()
  return out
}

test('120 registration orders of the six plugins give the same answers', async (t) => {
  const reference = await answers([0, 1, 2, 3, 4, 5])
  t.ok(reference.some(a => a.includes('private, max-age=60')), 'the reference has a downgraded answer')
  t.ok(reference.every(a => !a.includes('SECRET')), 'the reference leaks nothing')
  let runs = 0
  await fc.assert(fc.asyncProperty(fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }), async (order) => {
    runs++
    const got = await answers(order)
    for (let i = 0; i < got.length; i++) {
      if (got[i] !== reference[i]) throw new Error(`order ${order.map(n => PLUGINS[n][0]).join(', ')}:\n${got[i]}\n!==\n${reference[i]}`)
    }
  }), { numRuns: 120 })
  t.equal(runs, 120)
})
