// openApi: the document @fastify/swagger generates shows the suite's headers and media types; it
// validates (@seriousme/openapi-schema-validator), and the route schemas Fastify uses are untouched.
import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import { Type } from '@sinclair/typebox'
import { Validator } from '@seriousme/openapi-schema-validator'
import { parse as parseYaml } from 'yaml'
import { openApi, replyKit } from '../plugins/index.js'
import { routeRecord } from '../plugins/suite/route-record.js'

const Post = Type.Object({ id: Type.Integer(), title: Type.String() }, { additionalProperties: false })
const Row = Type.Object({ id: Type.Integer(), title: Type.String(), author: Type.String() }, { additionalProperties: false })
const Event = Type.Object({ n: Type.Integer() }, { additionalProperties: false })
const shared = { 200: Post }
const before = JSON.stringify(shared)

type Doc = { openapi: string, paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, { description: string, schema: Record<string, unknown>, example?: unknown }>, content?: Record<string, Record<string, unknown>> }> }>> }

async function buildApp (order: 'swagger-first' | 'suite-first', openapi = '3.1.0', extra: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const app = Fastify()
  const docs = async () => { await app.register(swagger, { openapi: { openapi, info: { title: 'blog', version: '1' } }, ...extra }) }
  if (order === 'swagger-first') await docs()
  await app.register(replyKit, {
    cookies: { secret: 'a secret of thirty-two characters!!', cookies: { last_viewed_post: { maxAge: 30 * 24 * 3600 }, sid: { sameSite: 'strict', signed: true } } },
    headers: {},
  })
  if (order === 'suite-first') await docs()
  app.get('/posts/:id', {
    schema: { response: shared },
    config: { cache: 'public', cookies: ['last_viewed_post', 'sid'], headers: { 'x-post-id': (request) => String((request.params as { id: string }).id), 'x-frame-options': 'DENY' } },
  }, async (_request, reply) => {
    reply.setCookie('last_viewed_post', '1')
    return { id: 1, title: 't', secret: 'x' }
  })
  app.get('/posts', { schema: { response: shared }, config: { cache: { preset: 'public', etag: true } } }, async () => ({ id: 2, title: 'u' }))
  app.get('/export.csv', { schema: { response: { 200: { content: { 'text/csv': { schema: Row } } } } }, config: { cache: 'no-store' } },
    async (_request, reply) => reply.csv([{ id: 1, title: 'a', author: 'b', extra: 'no' }], { schema: Row, filename: 'export.csv' }))
  app.get('/export.ndjson', { schema: { response: { 200: { content: { 'application/x-ndjson': { schema: Post } } } } } },
    async (_request, reply) => reply.ndjson([{ id: 1, title: 'a' }], { schema: Post }))
  app.get('/events', { schema: { response: { 200: { content: { 'text/event-stream': { schema: Event } } } } } }, async () => '')
  app.get('/file', { schema: { response: { 200: { content: { 'application/pdf': { schema: { type: 'string' } } } } } } }, async () => '')
  app.get('/go', { schema: { response: { 302: { description: 'to the latest post', type: 'null' } } } }, async (_request, reply) => reply.safeRedirect('/posts'))
  app.get('/own', {
    schema: { response: { 200: { description: 'ok', type: 'string', headers: { 'cache-control': { type: 'string', description: 'mine' } } } } },
    config: { cache: 'private', guard: false },
  }, async () => 'ok')
  app.get('/plain', { config: { guard: false } }, async () => 'ok')
  t.teardown(() => app.close())
  await app.ready()
  return app
}

async function validate (document: unknown): Promise<{ valid: boolean, errors?: unknown }> {
  return new Validator().validate(document as Record<string, unknown>)
}

for (const order of ['swagger-first', 'suite-first'] as const) {
  t.test(`${order}: headers of GET /posts/:id, validated`, async (t) => {
    const app = await buildApp(order)
    const doc = app.swagger() as unknown as Doc
    const result = await validate(doc)
    t.same(result.errors, undefined, 'the document validates')
    t.equal(result.valid, true)
    const headers = doc.paths['/posts/{id}'].get.responses['200'].headers!
    t.match(headers['Cache-Control'], { description: /`public, max-age=60`.*Sent as `private`/, example: 'public, max-age=60' })
    const cookie = headers['Set-Cookie']
    t.match(cookie.description, '- `last_viewed_post`: Max-Age=2592000; Path=/; HttpOnly; Secure; SameSite=Lax\n- `sid`: Path=/; HttpOnly; Secure; SameSite=Strict; the value is signed (HMAC)')
    t.match(cookie.schema, { type: 'array', items: { anyOf: [{ title: 'last_viewed_post', pattern: '^last_viewed_post=' }, { title: 'sid' }] } })
    t.match(headers['x-frame-options'], { example: 'DENY', description: /: `DENY`/ })
    t.match(headers['x-post-id'], { description: /computed per request/ })
    t.equal(headers.ETag, undefined, 'no ETag without etag: true')
    t.ok(doc.paths['/posts'].get.responses['200'].headers!.ETag, 'ETag with etag: true')
    t.equal(JSON.stringify(shared), before, 'the shared route schema is untouched')
    // What Fastify validates and serializes did not change: the schema still filters.
    const answer = await app.inject('/posts/1')
    t.same(JSON.parse(answer.body), { id: 1, title: 't' })
    t.match(answer.headers['cache-control'], /^private, max-age=60$/)
  })
}

t.test('the helpers\' media types, downloads and redirects (3.1)', async (t) => {
  const app = await buildApp('swagger-first')
  const doc = app.swagger() as unknown as Doc
  const csv = doc.paths['/export.csv'].get.responses['200']
  t.same(csv.content!['text/csv'], { schema: { type: 'string', description: 'CSV (RFC 4180): a header row, then one row per item. Columns: id, title, author.' }, example: 'id,title,author\r\n' })
  t.ok(csv.headers!['Content-Disposition'])
  t.match(csv.headers!['Cache-Control'], { example: 'no-store' })
  t.match(doc.paths['/export.ndjson'].get.responses['200'].content!['application/x-ndjson'], { schema: { properties: { id: {}, title: {} } } })
  t.notOk('itemSchema' in doc.paths['/events'].get.responses['200'].content!['text/event-stream'], '3.1 has no itemSchema')
  const file = doc.paths['/file'].get.responses['200']
  t.same(file.content!['application/pdf'], { schema: { type: 'string', format: 'binary' } })
  t.same(Object.keys(file.headers!).sort(), ['Content-Disposition', 'ETag', 'Last-Modified'])
  t.match(doc.paths['/go'].get.responses['302'].headers!.Location, { schema: { format: 'uri-reference' } })
  const own = doc.paths['/own'].get.responses['200'].headers!
  t.same(Object.keys(own), ['cache-control'], 'a header the route schema declares wins')
  t.match(own['cache-control'], { description: 'mine' })
  t.same(doc.paths['/plain'].get.responses['200'], { description: 'Default Response' })
  t.equal(app.swagger(), doc, 'built once')
  const yaml = app.swagger({ yaml: true }) as unknown as string
  t.same(parseYaml(yaml), JSON.parse(JSON.stringify(doc)), 'the YAML form is the same document')
  t.equal(app.swagger({ yaml: true }), yaml)
  const answer = await app.inject('/export.csv')
  t.equal(answer.body, 'id,title,author\r\n1,a,b\r\n', 'the CSV answer is as before')
})

t.test('OpenAPI 3.2: itemSchema for NDJSON and SSE', async (t) => {
  const app = await buildApp('suite-first', '3.2.0')
  const doc = app.swagger() as unknown as Doc
  const result = await validate(doc)
  t.same(result.errors, undefined)
  t.same(doc.paths['/export.ndjson'].get.responses['200'].content!['application/x-ndjson'], { itemSchema: doc.paths['/posts/{id}'].get.responses['200'].content!['application/json'].schema })
  t.match(doc.paths['/events'].get.responses['200'].content!['text/event-stream'], {
    itemSchema: { type: 'object', required: ['data'], properties: { data: { contentMediaType: 'application/json', contentSchema: { properties: { n: {} } } }, event: {}, id: {}, retry: {} } },
  })
})

t.test('a base path stripped by swagger, and Swagger 2.0 documents left alone', async (t) => {
  const app = Fastify()
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 'x', version: '1' }, servers: [{ url: 'http://localhost/api' }, { url: 'https://example.com' }] } })
  await app.register(replyKit)
  await app.register(async (api) => {
    api.get('/items/:id(^\\d+)', { schema: { response: shared }, config: { cache: 'public' } }, async () => ({ id: 1, title: 'a' }))
  }, { prefix: '/api' })
  app.get('/files/*', { config: { guard: false, cache: 'private' } }, async () => 'x')
  t.teardown(() => app.close())
  await app.ready()
  const doc = app.swagger() as unknown as Doc
  t.match(doc.paths['/items/{id}'].get.responses['200'].headers!['Cache-Control'], { example: 'public, max-age=60' })
  t.match(doc.paths['/files/{*}'].get.responses['200'].headers!['Cache-Control'], { example: 'private, no-store' })

  const legacy = Fastify()
  await legacy.register(swagger, { swagger: { info: { title: 'x', version: '1' } } })
  await legacy.register(replyKit)
  legacy.get('/a', { schema: { response: shared }, config: { cache: 'public' } }, async () => ({ id: 1, title: 'a' }))
  t.teardown(() => legacy.close())
  await legacy.ready()
  const old = legacy.swagger() as unknown as { swagger: string, paths: Record<string, Record<string, { responses: Record<string, { headers?: unknown }> }>> }
  t.equal(old.swagger, '2.0')
  t.equal(old.paths['/a'].get.responses['200'].headers, undefined)
})

t.test('without swagger nothing is decorated; registered twice, the document is rewritten once', async (t) => {
  const app = Fastify()
  await app.register(replyKit)
  await app.register(openApi)
  app.get('/a', { config: { cache: 'public', guard: false } }, async () => 'a')
  t.teardown(() => app.close())
  await app.ready()
  t.equal((app as unknown as { swagger?: unknown }).swagger, undefined)
})

t.test('record fields filled by the plugins win over route config; a cookie declared without attributes gets the defaults; hidden routes stay hidden', async (t) => {
  const app = Fastify()
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 'x', version: '1' } } })
  await app.register(replyKit, { cookies: { defaults: { sameSite: 'strict' }, cookies: { ignored: {}, other: {} } } })
  // What secureCookies and routeHeaders are to fill in onRoute (see docs/openapi.md), filled here.
  app.addHook('onRoute', (routeOptions) => {
    if (routeOptions.url !== '/filled') return
    const record = routeRecord(app, routeOptions)
    record.cookies = ['theme']
    record.cookieOptions = { theme: { path: '/', maxAge: 60, encrypted: true } }
    record.headers = { 'x-global': 'on' }
  })
  app.get('/filled', { config: { guard: false, cookies: ['ignored'] } }, async () => 'x')
  app.get('/undeclared', { config: { guard: false, cookies: ['other'] } }, async () => 'x')
  app.get('/hidden', { schema: { hide: true }, config: { guard: false, cache: 'public' } }, async () => 'x')
  t.teardown(() => app.close())
  await app.ready()
  const doc = app.swagger() as unknown as Doc
  const filled = doc.paths['/filled'].get.responses['200'].headers!
  t.match(filled['Set-Cookie'].description, '- `theme`: Max-Age=60; Path=/; the value is encrypted (AES-256-GCM)')
  t.notMatch(filled['Set-Cookie'].description, 'ignored')
  t.match(filled['x-global'], { example: 'on' })
  t.match(doc.paths['/undeclared'].get.responses['200'].headers!['Set-Cookie'].description, /^One Set-Cookie line .*\n\n- `other`: Path=\/; HttpOnly; Secure; SameSite=Strict$/s)
  t.equal(doc.paths['/hidden'], undefined)
})

t.test('without secureCookies, the route\'s own config.cookies names are documented with the secure defaults', async (t) => {
  const app = Fastify()
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 'x', version: '1' } } })
  await app.register(replyKit, { cookies: false })
  app.get('/own', { config: { guard: false, cookies: ['theme', 42] as never } }, async () => 'x')
  t.teardown(() => app.close())
  await app.ready()
  const doc = app.swagger() as unknown as Doc
  const description = doc.paths['/own'].get.responses['200'].headers!['Set-Cookie'].description
  t.match(description, /- `theme`: Path=\/; HttpOnly; Secure; SameSite=Lax/)
  t.notMatch(description, '42', 'only names')
})
