// A handler that returns a Web `Response` (Fastify 5 adopts it; tRPC and others rely on it), on
// routes with the suite's policies: the rules hold on the status, headers and body that leave
// (issue 11, path 1: "A returned Web Response").
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import { request } from 'undici'
import { parse as parseSetCookie } from 'set-cookie-parser'
import { Cookie } from 'tough-cookie'
import CachePolicy from 'http-cache-semantics'
import replyKit from '../plugins/index.js'
import { listen } from './helpers/server.js'

const userSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'name'],
  additionalProperties: false,
} as const

async function app (): Promise<FastifyInstance> {
  const fastify = Fastify()
  await fastify.register(replyKit, { guard: { mode: 'warn' } })
  return fastify
}

function sharedCache (url: string, status: number, headers: Record<string, unknown>): CachePolicy {
  return new CachePolicy({ url, method: 'GET', headers: {} }, { status, headers: headers as Record<string, string> }, { shared: true })
}

test('a 404 Response on a public route gets the errors policy, not the route\'s', async (t) => {
  const fastify = await app()
  fastify.get('/gone', { config: { cache: 'public', guard: false } }, async () => new Response('x', { status: 404 }))
  const url = await listen(t, fastify)
  const res = await request(url + '/gone')
  t.equal(res.statusCode, 404, 'the Response\'s status leaves')
  t.equal(await res.body.text(), 'x', 'the Response\'s body leaves')
  t.equal(res.headers['cache-control'], 'no-store', `a 404 gets the errors policy (got ${String(res.headers['cache-control'])})`)
  t.equal(sharedCache('/gone', 404, res.headers).storable(), false, 'no shared cache stores the 404')
})

test('a Response with Set-Cookie on a public route is downgraded to private and its cookie gets the secure defaults', async (t) => {
  const fastify = await app()
  fastify.get('/session', { config: { cache: 'public', guard: false } }, async () =>
    new Response('x', { headers: { 'set-cookie': 'sid=abc' } }))
  const url = await listen(t, fastify)
  const res = await request(url + '/session')
  t.equal(res.statusCode, 200)
  t.equal(await res.body.text(), 'x')
  const lines = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
  t.equal(lines.length, 1, 'the Response\'s cookie leaves, once')
  t.match(res.headers['cache-control'], /^private\b/, `the public policy is downgraded to private (got ${String(res.headers['cache-control'])})`)
  t.notMatch(res.headers['cache-control'], /\bpublic\b|s-maxage/, 'nothing shared-cacheable is left')
  t.equal(sharedCache('/session', 200, res.headers).storable(), false, 'no shared cache stores a Set-Cookie answer')
  const [cookie] = parseSetCookie(lines)
  t.match(cookie, { name: 'sid', value: 'abc' })
  t.match(cookie, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' }, `the secure defaults are added to the raw line (got ${lines.join(' | ')})`)
  const jar = Cookie.parse(lines[0] ?? '')
  t.ok(jar?.httpOnly === true && jar.secure && jar.sameSite === 'lax' && jar.path === '/', 'tough-cookie reads HttpOnly; Secure; SameSite=Lax; Path=/')
})

test('a JSON Response on a guarded route is filtered through the route\'s schema', async (t) => {
  const fastify = await app()
  fastify.get('/users/:id', { schema: { response: { 200: userSchema } } }, async (req) =>
    Response.json({ id: (req.params as { id: string }).id, name: 'Ada', password_hash: '$argon2id$secret' }))
  const url = await listen(t, fastify)
  const res = await request(url + '/users/1')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  const text = await res.body.text()
  t.notMatch(text, 'argon2id', 'the password_hash never leaves')
  t.same(JSON.parse(text), { id: '1', name: 'Ada' }, 'only the schema\'s fields leave')
})

test('the Response\'s status and headers are the ones that leave', async (t) => {
  const fastify = await app()
  fastify.get('/created', { config: { cache: 'public', guard: false } }, async () =>
    new Response('made', { status: 201, headers: { 'x-request-id': 'r-1', 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' } }))
  fastify.get('/teapot', { config: { guard: false } }, async () =>
    new Response('short and stout', { status: 418, statusText: 'I\'m a teapot', headers: { 'x-kind': 'tea' } }))
  fastify.get('/moved', { config: { guard: false } }, async () =>
    new Response(null, { status: 307, headers: { location: '/elsewhere' } }))
  const url = await listen(t, fastify)

  const created = await request(url + '/created')
  t.equal(created.statusCode, 201)
  t.equal(await created.body.text(), 'made')
  t.equal(created.headers['x-request-id'], 'r-1')
  t.equal(created.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(created.headers['cache-control'], 'no-cache', 'a Cache-Control the handler set itself is left as it is')

  const teapot = await request(url + '/teapot')
  t.equal(teapot.statusCode, 418)
  t.equal(teapot.headers['x-kind'], 'tea')
  t.equal(await teapot.body.text(), 'short and stout')
  t.equal(teapot.headers['cache-control'], 'no-store', `an error Response gets the errors policy (got ${String(teapot.headers['cache-control'])})`)

  const moved = await request(url + '/moved')
  await moved.body.text()
  t.equal(moved.statusCode, 307)
  t.equal(moved.headers.location, '/elsewhere')
})
