// replyKit over real sockets: every part registered at once, working together on one route, in
// the order the umbrella promises; `false` skips a part; bad options fail registration.
import { test } from 'tap'
import Fastify from 'fastify'
import { request } from 'undici'
import { parse as parseSetCookie } from 'set-cookie-parser'
import { parse as parseCsv } from 'csv-parse/sync'
import CachePolicy from 'http-cache-semantics'
import replyKit, { replyKit as namedReplyKit, useReply, useRequest } from '../plugins/index.js'
import { listen } from './helpers/server.js'

const postSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, title: { type: 'string' } },
  required: ['id', 'title'],
  additionalProperties: false,
} as const

// Service code: no reply in scope.
async function loadPost (id: string): Promise<{ id: string, title: string, passwordHash: string }> {
  await new Promise(resolve => setTimeout(resolve, 1))
  useReply().setCookie('last_seen', id)
  return { id, title: `post ${id}`, passwordHash: 'never-leaves' }
}

test('the package default export is the umbrella', async (t) => {
  t.equal(replyKit, namedReplyKit)
  t.equal((replyKit as unknown as Record<symbol, { name: string }>)[Symbol.for('plugin-meta')].name, 'fastify-reply-kit')
})

test('every part on one route: cookie from useReply() downgrades the cache policy, schema filters, headers and timing', async (t) => {
  const app = Fastify()
  await app.register(replyKit, {
    cookies: { secret: 'a-secret-of-at-least-32-characters!!' },
    headers: { headers: { 'x-frame-options': 'DENY' }, timing: 'server-timing' },
    guard: { mode: 'strict' },
    cache: {},
    helpers: {},
    context: {},
  })
  app.register(async (routes) => {
    routes.get('/posts/:id', {
      schema: { response: { 200: postSchema } },
      config: { cache: 'public', headers: { 'x-post-id': (req) => String(req.params.id) } },
    }, async (req) => await loadPost((req.params as { id: string }).id))
    routes.get('/public/:id', {
      schema: { response: { 200: postSchema } },
      config: { cache: 'public' },
    }, async (req) => ({ id: (req.params as { id: string }).id, title: 'no cookie', passwordHash: 'x' }))
  })
  const url = await listen(t, app)

  const res = await request(url + '/posts/7')
  t.equal(res.statusCode, 200)
  const text = await res.body.text()
  t.same(JSON.parse(text), { id: '7', title: 'post 7' })
  t.notMatch(text, 'never-leaves')
  const [cookie] = parseSetCookie(res.headers['set-cookie'] as string | string[])
  t.match(cookie, { name: 'last_seen', value: '7', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }, 'secure defaults applied to a useReply() cookie')
  const shared = new CachePolicy({ url: '/posts/7', method: 'GET', headers: {} },
    { status: 200, headers: res.headers as Record<string, string> }, { shared: true })
  t.equal(shared.storable(), false, 'the cookie set from service code made the public policy private')
  t.match(res.headers['cache-control'], /^private/)
  t.equal(res.headers['x-post-id'], '7')
  t.equal(res.headers['x-frame-options'], 'DENY')
  t.match(res.headers['server-timing'], /^app;dur=\d+\.\d$/)

  // The same policy without a cookie stays shared-cacheable.
  const plain = await request(url + '/public/8')
  await plain.body.text()
  const sharedPlain = new CachePolicy({ url: '/public/8', method: 'GET', headers: {} },
    { status: 200, headers: plain.headers as Record<string, string> }, { shared: true })
  t.equal(sharedPlain.storable(), true)
  t.equal(plain.headers['set-cookie'], undefined)

  const missing = await request(url + '/nope')
  await missing.body.text()
  t.equal(missing.statusCode, 404)
  t.equal(missing.headers['x-frame-options'], 'DENY')
  t.match(missing.headers['server-timing'], /^app;dur=/)
})

test('cacheControl runs last: the ETag is taken on the body the guard filtered', async (t) => {
  const app = Fastify()
  await app.register(replyKit, { guard: { mode: 'warn', onBypass: 'filter' }, cache: {} })
  const body = { id: '1', title: 'hello', secret: 'leak' }
  app.register(async (routes) => {
    const options = { schema: { response: { 200: postSchema } }, config: { cache: 'revalidate' } }
    // A pre-serialized JSON string goes around the serializer; the guard filters it.
    routes.get('/raw', options, async (_req, reply) => reply.type('application/json').send(JSON.stringify(body)))
    routes.get('/object', options, async () => body)
  })
  const url = await listen(t, app)
  const raw = await request(url + '/raw')
  const rawText = await raw.body.text()
  const object = await request(url + '/object')
  const objectText = await object.body.text()
  t.same(JSON.parse(rawText), { id: '1', title: 'hello' })
  t.equal(rawText, objectText)
  t.type(raw.headers.etag, 'string')
  t.equal(raw.headers.etag, object.headers.etag, 'same filtered body, same ETag: it was computed after the guard')
  const again = await request(url + '/raw', { headers: { 'if-none-match': raw.headers.etag as string } })
  await again.body.text()
  t.equal(again.statusCode, 304)
})

test('the guard exempts routes answered with replyHelpers', async (t) => {
  const app = Fastify()
  await app.register(replyKit, { guard: { mode: 'warn' } })
  app.register(async (routes) => {
    routes.get('/export.csv', async (_req, reply) => reply.csv([{ id: 1, name: 'a' }, { id: 2, name: 'b' }], { filename: 'export.csv' }))
    routes.get('/hello', async (_req, reply) => reply.text(`hello ${useRequest().url}`))
    routes.get('/json', async () => ({ open: true }))
  })
  const url = await listen(t, app)
  const csv = await request(url + '/export.csv')
  t.equal(csv.statusCode, 200)
  t.same(parseCsv(await csv.body.text(), { columns: true }), [{ id: '1', name: 'a' }, { id: '2', name: 'b' }])
  const hello = await request(url + '/hello')
  t.equal(await hello.body.text(), 'hello /hello')
  const byRoute = Object.fromEntries(app.responsePolicies().map(p => [`${p.method} ${p.url}`, p]))
  t.match(byRoute['GET /export.csv'], { schema: 'exempt', findings: [] })
  t.match(byRoute['GET /hello'], { schema: 'exempt', findings: [] })
  t.match(byRoute['GET /json'], { schema: 'missing' }, 'a plain JSON route without a schema is still a finding')
  t.ok(byRoute['GET /json'].findings.length > 0)
})

test('false skips a part; a left-out key registers it with defaults', async (t) => {
  const none = Fastify()
  await none.register(replyKit, { cache: false, cookies: false, helpers: false, guard: false, context: false, headers: false })
  none.get('/', async () => { useReply(); return 'unreachable' })
  await none.ready()
  // reply.cache and reply.csv are placeholders saying which option switched them off (test/suite-part-decorators.test.ts).
  t.equal(none.hasReplyDecorator('setCookie'), false)
  t.equal(none.hasDecorator('responsePolicies'), false)
  const res = await none.inject('/')
  t.equal(res.statusCode, 500)
  t.match(res.json(), { code: 'FST_REPLYKIT_NO_CONTEXT' })

  const all = Fastify()
  await all.register(replyKit)
  await all.ready()
  for (const name of ['cache', 'setCookie', 'csv', 'file', 'safeRedirect']) t.equal(all.hasReplyDecorator(name), true, name)
  t.equal(all.hasDecorator('responsePolicies'), true)
})

test('bad umbrella options fail registration, naming the option', async (t) => {
  const attempts: Array<[unknown, RegExp]> = [
    [[], /replyKit: options must be an object/],
    [{ cookie: {} }, /cookie: is not an option of replyKit/],
    [{ cache: true }, /cache: must be an options object or false; got true/],
    [{ headers: 'yes' }, /headers: must be an options object or false/],
    [{ context: null }, /context: must be an options object or false; got null/],
    [{ cache: { cookies: 'on' } }, /cookies/],
    [{ headers: { timing: 'soon' } }, /timing/],
  ]
  for (const [options, message] of attempts) {
    const app = Fastify()
    await t.rejects(async () => { await app.register(replyKit, options as never) }, { code: 'FST_REPLYKIT_BAD_OPTION', message }, JSON.stringify(options))
  }
  const prefixed = Fastify()
  await prefixed.register(replyKit, { logLevel: 'warn' } as never)
  await prefixed.ready()
  t.equal(prefixed.hasReplyDecorator('cache'), true, 'Fastify register options are accepted')
})
