// responseGuard: options, the start-up audit (strict, warn, off), app.responsePolicies(), and the
// run-time rules that are not leaks as such: which replies pass untouched, which fail, and how.
import { test } from 'tap'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { Readable, Writable } from 'node:stream'
import { gzipSync, gunzipSync } from 'node:zlib'
import { request } from 'undici'
import { Type } from '@sinclair/typebox'
import { responseGuard } from '../plugins/response-guard.js'
import { recordOfConfig, routeRecord } from '../plugins/suite/route-record.js'
import { listen } from './helpers/server.js'

const User = Type.Object({ id: Type.Number(), name: Type.String() })
const secretUser = { id: 1, name: 'ada', password_hash: 'SECRET' }

/** An app whose log lines are collected. */
function appWithLog (): { app: FastifyInstance, lines: Array<{ level: number, msg: string }> } {
  const lines: Array<{ level: number, msg: string }> = []
  const stream = new Writable({ write (chunk, _enc, cb) { lines.push(JSON.parse(String(chunk))); cb() } })
  return { app: Fastify({ logger: { level: 'warn', stream } }), lines }
}

test('options are checked at registration', async (t) => {
  const bad: Array<[object, RegExp]> = [
    [{ mode: 'loud' }, /Invalid option mode: must be one of strict, warn, off/],
    [{ onBypass: 'drop' }, /Invalid option onBypass/],
    [{ requireSchema: 'yes' }, /Invalid option requireSchema: must be a boolean/],
    [{ sensitive: 'password' }, /Invalid option sensitive: must be an array/],
    [{ sensitive: ['ok', 3] }, /Invalid option sensitive/],
  ]
  for (const [options, message] of bad) {
    const app = Fastify()
    app.register(responseGuard, options as never)
    await t.rejects(async () => { await app.ready() }, { code: 'FST_REPLYKIT_BAD_OPTION', message }, JSON.stringify(options))
  }
})

test('route config.guard is checked when the route is added', async (t) => {
  for (const guard of [true, 'off', null, [], { sensitive: 'x' }]) {
    const app = Fastify()
    await app.register(responseGuard)
    app.register(async (child) => { child.get('/x', { config: { guard: guard as never } }, async () => 'x') })
    await t.rejects(async () => { await app.ready() }, { code: 'FST_REPLYKIT_BAD_OPTION', message: /config\.guard.* of GET \/x/ }, JSON.stringify(guard))
  }
})

test('strict: one error lists every finding by method and URL', async (t) => {
  const app = Fastify()
  await app.register(responseGuard, { mode: 'strict' })
  app.get('/ok', { schema: { response: { 200: User } } }, async () => secretUser)
  app.get('/none', async () => secretUser)
  app.post('/open', { schema: { response: { 201: Type.Object({ id: Type.Number(), meta: Type.Any() }) } } }, async () => secretUser)
  app.get('/secret', { schema: { response: { 200: Type.Object({ password_hash: Type.String() }) } } }, async () => secretUser)
  const error = await app.ready().then(() => undefined, (err: Error & { code: string }) => err)
  t.equal(error?.code, 'FST_REPLYKIT_GUARD_FINDINGS')
  t.equal((error as unknown as { statusCode: number }).statusCode, 500)
  const lines = error!.message.split('\n').slice(1)
  t.same(lines, [
    'GET /none: no 2xx response schema (declare one, or set config: { guard: false } on a route that answers with a file, stream or text)',
    'POST /open: response 201 at $.meta: schema without constraints accepts any value (Type.Any, Type.Unknown or {})',
    'GET /secret: response 200 at $.password_hash: property password_hash looks like a secret',
  ], 'the automatic HEAD routes are not listed again')
})

test('strict passes with exemptions: guard false, non-JSON content types, requireSchema false', async (t) => {
  const app = Fastify()
  await app.register(responseGuard, { mode: 'strict' })
  app.get('/download', { config: { guard: false } }, async (_req, reply) => reply.type('text/csv').send('a,b\n'))
  app.get('/report', { schema: { response: { 200: { content: { 'text/csv': { schema: { type: 'string' } } } } } } }, async (_req, reply) => reply.type('text/csv').send('a,b\n'))
  app.get('/me', { schema: { response: { 200: User } }, config: { guard: { sensitive: ['name'] } } }, async () => secretUser)
  await t.rejects(async () => { await app.ready() }, { message: /GET \/me: response 200 at \$\.name: property name looks like a secret/ }, 'per-route sensitive replaces the list')

  const relaxed = Fastify()
  await relaxed.register(responseGuard, { mode: 'strict', requireSchema: false, sensitive: [/^pin$/] })
  relaxed.get('/none', async () => 'x')
  relaxed.get('/pw', { schema: { response: { 200: Type.Object({ password: Type.String() }) } } }, async () => ({ password: 'x' }))
  await t.resolves(async () => { await relaxed.ready() }, 'no schema is not a finding; password is not in the custom list')
  t.same(relaxed.responsePolicies().map(p => `${p.method} ${p.url} ${p.schema} ${p.findings.length}`),
    ['GET /none missing 0', 'HEAD /none missing 0', 'GET /pw filtered 0', 'HEAD /pw filtered 0'])
})

test('separate 200 and 201 schemas: each status filtered by its own, strict passes', async (t) => {
  const app = Fastify()
  await app.register(responseGuard, { mode: 'strict' })
  const Created = Type.Object({ id: Type.Number() })
  app.post('/items', { schema: { response: { 200: User, 201: Created } } }, async (request, reply) => {
    reply.code(Number((request.query as { status: string }).status) as 200)
    return secretUser
  })
  const url = await listen(t, app)
  t.same(app.responsePolicies().map(p => `${p.method} ${p.url} ${p.schema} ${p.findings.length}`), ['POST /items filtered 0'])
  const answer = async (status: number): Promise<{ status: number, body: unknown }> => {
    const res = await fetch(`${url}/items?status=${status}`, { method: 'POST' })
    return { status: res.status, body: await res.json() }
  }
  t.same(await answer(200), { status: 200, body: { id: 1, name: 'ada' } }, '200 through the 200 schema')
  t.same(await answer(201), { status: 201, body: { id: 1 } }, '201 through the 201 schema')
  const undeclared = await answer(202)
  t.equal(undeclared.status, 500, 'a 2xx status with no schema of its own is not sent unfiltered')
  t.match(undeclared.body, { code: 'FST_REPLYKIT_NO_SCHEMA_FOR_STATUS', message: /POST \/items has no response schema for status 202/ })
  t.notMatch(JSON.stringify(undeclared.body), /SECRET/)
})

test('warn logs each finding once; off audits nothing and filters nothing', async (t) => {
  const { app, lines } = appWithLog()
  await app.register(responseGuard)
  app.get('/none', async () => secretUser)
  app.get('/open', { schema: { response: { 200: { type: 'object', additionalProperties: true } } } }, async () => secretUser)
  await app.ready()
  const warnings = lines.filter(l => l.level === 40).map(l => l.msg)
  t.same(warnings, [
    'responseGuard: GET /none: no 2xx response schema (declare one, or set config: { guard: false } on a route that answers with a file, stream or text)',
    'responseGuard: GET /open: response 200 at $: additionalProperties: true lets any property through',
    'responseGuard: GET /open: response 200 at $: object without properties',
  ])
  t.match(app.responsePolicies().find(p => p.url === '/open'), { schema: 'open' })

  const quiet = appWithLog()
  await quiet.app.register(responseGuard, { mode: 'off' })
  quiet.app.get('/none', async () => secretUser)
  quiet.app.get('/bypass', { schema: { response: { 200: User } } }, async (_req, reply) => reply.type('application/json').send(JSON.stringify(secretUser)))
  const url = await listen(t, quiet.app)
  t.same(quiet.lines, [], 'nothing logged')
  t.same(quiet.app.responsePolicies().map(p => `${p.method} ${p.url} ${p.schema} ${p.findings.length}`),
    ['GET /none missing 0', 'HEAD /none missing 0', 'GET /bypass filtered 0', 'HEAD /bypass filtered 0'], 'the table is still there')
  t.match(await (await fetch(`${url}/bypass`)).text(), /SECRET/, 'off does not filter (the plugin does nothing)')
})

// Stands for cacheControl, which writes its header into the shared route record in the same way.
const fakeCacheControl = fp(async (fastify) => {
  fastify.addHook('onRoute', (opts) => {
    const cache = (opts.config as { cache?: string } | undefined)?.cache
    if (cache !== undefined) routeRecord(fastify, opts).cache = cache
  })
})

test('responsePolicies(): the contract table, with the cache header and reply helpers', async (t) => {
  const app = Fastify()
  await app.register(responseGuard, { mode: 'warn' })
  await app.register(fakeCacheControl)
  // Stands for replyHelpers: a helper marks the route record when it answers.
  app.decorateReply('fakeCsv', function (this: FastifyReply, text: string) {
    recordOfConfig(this.request.routeOptions.config)!.helper = 'csv'
    return this.type('text/csv').send(text)
  })
  app.get('/users', { schema: { response: { 200: Type.Array(User) } }, config: { cache: 'public, max-age=60' } }, async () => [secretUser])
  app.get('/export.csv', async (_req, reply) => (reply as unknown as { fakeCsv: (t: string) => FastifyReply }).fakeCsv('id\n1\n'))
  app.get('/only-errors', { schema: { response: { 404: User } } }, async () => ({ id: 1, name: 'x' }))
  app.post('/items', { schema: { response: { default: Type.Object({ id: Type.Number(), extra: Type.Unknown() }) } } }, async () => ({ id: 1 }))
  app.put('/raw', { config: { guard: false } }, async () => 'x')
  app.get('/report', { schema: { response: { 200: { content: { 'text/csv': { schema: { type: 'string' } } } } } } }, async () => 'x')
  await app.ready()

  const missing = 'no 2xx response schema (declare one, or set config: { guard: false } on a route that answers with a file, stream or text)'
  const before = app.responsePolicies()
  t.same(before.find(p => p.method === 'GET' && p.url === '/users'), { method: 'GET', url: '/users', cache: 'public, max-age=60', schema: 'filtered', findings: [] })
  t.same(before.find(p => p.method === 'GET' && p.url === '/export.csv')?.findings, [missing])
  t.same(before.map(p => `${p.method} ${p.url} ${p.schema} ${p.findings.length}`), [
    'GET /users filtered 0', 'HEAD /users filtered 0',
    'GET /export.csv missing 1', 'HEAD /export.csv missing 0',
    'GET /only-errors missing 1', 'HEAD /only-errors missing 0',
    'POST /items open 1',
    'PUT /raw exempt 0',
    'GET /report exempt 0', 'HEAD /report exempt 0',
  ])

  const url = await listen(t, app)
  t.equal(await (await fetch(`${url}/export.csv`)).text(), 'id\n1\n')
  const after = app.responsePolicies().find(p => p.method === 'GET' && p.url === '/export.csv')
  t.match(after, { schema: 'exempt', findings: [] }, 'once answered through a helper, the route is exempt')
  t.equal(app.responsePolicies().find(p => p.method === 'HEAD' && p.url === '/export.csv')?.schema, 'missing', 'HEAD has its own record')
})

test('records made by other plugins for routes the guard never saw', async (t) => {
  const app = Fastify()
  await app.register(fp(async (f) => { f.addHook('onRoute', (opts) => { routeRecord(f, opts).cache = 'no-store' }) }))
  app.get('/early', async () => 'x')
  await app.register(responseGuard)
  await app.register(responseGuard) // twice: one decorator, one table
  await app.ready()
  t.same(app.responsePolicies(), [
    { method: 'GET', url: '/early', cache: 'no-store', schema: 'missing', findings: [] },
    { method: 'HEAD', url: '/early', cache: 'no-store', schema: 'missing', findings: [] },
  ], 'routes added before the guard are shown as missing, without an audit')
})

test('a status without a schema entry and without a single success schema: 500', async (t) => {
  const app = Fastify()
  await app.register(responseGuard)
  const both = { schema: { response: { 200: User, 201: User } } }
  app.get('/202', both, async (_req, reply) => (reply as FastifyReply).code(202).send(secretUser))
  app.get('/202-string', both, async (_req, reply) => (reply as FastifyReply).code(202).type('application/json').send(JSON.stringify(secretUser)))
  app.get('/2xx', { schema: { response: { '2XX': User, 201: Type.Object({ other: Type.String() }) } } }, async (_req, reply) => (reply as FastifyReply).code(203).send(secretUser))
  const url = await listen(t, app)
  for (const path of ['/202', '/202-string']) {
    const res = await fetch(url + path)
    t.equal(res.status, 500)
    const body = await res.json()
    t.equal(body.code, 'FST_REPLYKIT_NO_SCHEMA_FOR_STATUS')
    t.match(body.message, /Route GET \/202(-string)? has no response schema for status 202/)
  }
  const res = await fetch(`${url}/2xx`)
  t.same([res.status, await res.json()], [203, { id: 1, name: 'ada' }], 'a 2xx key (any case) is the success schema')
})

test('what passes untouched: error replies, 204, 304, non-JSON bodies, null', async (t) => {
  const app = Fastify()
  await app.register(responseGuard, { onBypass: 'error' })
  const opts = { schema: { response: { 200: User } } }
  app.get('/throw', opts, async () => { throw Object.assign(new Error('nope'), { statusCode: 409 }) })
  app.get('/html', opts, async (_req, reply) => reply.type('text/html').send('<p>{"password_hash":"SECRET"}</p>'))
  app.get('/text', opts, async () => 'plain words')
  app.get('/blank', opts, async () => ' \n ')
  app.get('/log-line', opts, async () => '[INFO] {password_hash} is not JSON')
  app.get('/response-log-line', opts, async () => new Response('{not json', { headers: { 'x-a': 'b' } }))
  app.get('/204', opts, async (_req, reply) => (reply as FastifyReply).code(204).type('application/json').send('{"a":1}'))
  app.get('/304', opts, async (_req, reply) => (reply as FastifyReply).code(304).type('application/json').send('{"a":1}'))
  app.get('/null', opts, async (_req, reply) => (reply as FastifyReply).code(200).type('application/json').send(null as never))
  app.get('/png', opts, async (_req, reply) => reply.type('image/png').send(Readable.from([Buffer.from([0x89, 0x50])])))
  app.get('/response-png', opts, async () => new Response(new Uint8Array([1, 2]), { headers: { 'content-type': 'image/png' } }))
  app.get('/response-empty', opts, async () => new Response(null, { status: 200, headers: { 'content-type': 'application/json' } }))
  app.get('/response-text', opts, async () => new Response('hello', { status: 201, headers: { 'x-a': 'b' } }))
  app.get('/undefined', opts, async (_req, reply) => { reply.send() })
  app.route({ method: ['GET', 'POST'], url: '/both', ...opts, onSend: async (_req, reply, payload) => { reply.header('x-own-hook', '1'); return payload }, handler: async () => ({ id: 1, name: 'b', token: 'S' }) })
  const url = await listen(t, app)

  const thrown = await fetch(`${url}/throw`)
  t.same([thrown.status, await thrown.json()], [409, { statusCode: 409, error: 'Conflict', message: 'nope' }], 'the error handler\'s output')
  t.equal(await (await fetch(`${url}/html`)).text(), '<p>{"password_hash":"SECRET"}</p>', 'HTML is not JSON')
  t.equal(await (await fetch(`${url}/text`)).text(), 'plain words', 'text that is not a JSON object or array')
  t.equal(await (await fetch(`${url}/blank`)).text(), ' \n ', 'blank text')
  t.equal(await (await fetch(`${url}/log-line`)).text(), '[INFO] {password_hash} is not JSON', 'text that starts like JSON but is not')
  const logLine = await fetch(`${url}/response-log-line`)
  t.same([logLine.headers.get('content-type'), await logLine.text()], ['text/plain;charset=UTF-8', '{not json'])
  t.equal((await fetch(`${url}/204`)).status, 204)
  t.equal((await fetch(`${url}/304`)).status, 304)
  t.equal(await (await fetch(`${url}/null`)).text(), '{}', 'null through the schema, as Fastify does')
  t.same(Buffer.from(await (await fetch(`${url}/png`)).arrayBuffer()), Buffer.from([0x89, 0x50]))
  t.same(Buffer.from(await (await fetch(`${url}/response-png`)).arrayBuffer()), Buffer.from([1, 2]))
  const empty = await fetch(`${url}/response-empty`)
  t.same([empty.status, await empty.text()], [200, ''])
  const text = await fetch(`${url}/response-text`)
  t.same([text.status, text.headers.get('x-a'), await text.text()], [201, 'b', 'hello'], 'a text Response keeps status and headers')
  t.equal((await fetch(`${url}/undefined`)).status, 200)
  const both = await fetch(`${url}/both`, { method: 'POST' })
  t.same([both.headers.get('x-own-hook'), await both.json()], ['1', { id: 1, name: 'b' }], 'a route with several methods and its own onSend hook')
  t.equal((await fetch(`${url}/both`, { method: 'HEAD' })).headers.get('content-length'), String(JSON.stringify({ id: 1, name: 'b' }).length))
})

test('a custom error handler\'s object loses its secret-looking fields, even after the guard serialized the body', async (t) => {
  const app = Fastify()
  await app.register(responseGuard)
  app.setErrorHandler(async (error, _req, reply) => reply.code(502).send({ failed: (error as Error).message, password_hash: 'FROM-ERROR-HANDLER' }))
  app.register(async (child) => {
    // A later onSend hook fails after the guard has serialized the success body.
    child.addHook('onRoute', (opts) => {
      opts.onSend = [...[opts.onSend ?? []].flat(), async (_req: unknown, reply: FastifyReply, payload: unknown) => {
        if (reply.statusCode === 200) throw new Error('late')
        return payload
      }] as never
    })
    child.get('/late', { schema: { response: { 200: User } } }, async () => secretUser)
  })
  app.get('/early', { schema: { response: { 200: User } } }, async () => { throw new Error('early') })
  const url = await listen(t, app)
  const late = await fetch(`${url}/late`)
  t.same([late.status, await late.json()], [502, { failed: 'late' }], 'no schema for 502: sensitive-named properties are stripped')
  const early = await fetch(`${url}/early`)
  t.same([early.status, (await early.json()).failed], [502, 'early'])
})

test('bodies that claim JSON but cannot be filtered are never sent', async (t) => {
  const app = Fastify()
  await app.register(responseGuard)
  const opts = { schema: { response: { 200: User } } }
  app.get('/broken', opts, async (_req, reply) => reply.type('application/json').send('{"id":1,"password_hash":"SECRET"'))
  app.get('/gzip', opts, async (_req, reply) => reply.type('application/json').header('content-encoding', 'gzip').send(Buffer.from([0x1f, 0x8b, 8, 0])))
  app.get('/stream-error', opts, async (_req, reply) => reply.type('application/json').send(new Readable({ read () { this.destroy(new Error('disk gone')) } })))
  app.get('/used-response', opts, async () => {
    const response = new Response('{"id":1}', { headers: { 'content-type': 'application/json' } })
    await response.text()
    return response
  })
  app.get('/missing-field', opts, async (_req, reply) => reply.type('application/json').send('{"id":1,"password_hash":"SECRET"}'))
  app.get('/proto', opts, async (_req, reply) => reply.type('application/json').send('{"id":1,"name":"a","__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}'))
  const url = await listen(t, app)
  for (const path of ['/broken', '/gzip']) {
    const res = await fetch(url + path)
    const body = await res.text()
    t.equal(res.status, 500, path)
    t.notMatch(body, /SECRET/)
    t.match(JSON.parse(body), { code: 'FST_REPLYKIT_SCHEMA_BYPASS', message: /not valid JSON/ })
  }
  const streamed = await fetch(`${url}/stream-error`)
  t.same([streamed.status, (await streamed.json()).message], [500, 'disk gone'])
  t.equal((await fetch(`${url}/used-response`)).status, 500, 'a consumed Response body')
  const missing = await fetch(`${url}/missing-field`)
  t.same([missing.status, (await missing.text()).includes('SECRET')], [500, false], 'the schema\'s required field is missing')
  const proto = await fetch(`${url}/proto`)
  t.same(await proto.json(), { id: 1, name: 'a' }, 'prototype poisoning is dropped')
})

test('error mode discards the bypassing stream', async (t) => {
  const app = Fastify()
  await app.register(responseGuard, { onBypass: 'error' })
  let destroyed = false
  let cancelled = false
  app.get('/node', { schema: { response: { 200: User } } }, async (_req, reply) => {
    const stream = Readable.from(['{"id":1,"password_hash":"SECRET"}'])
    stream.on('close', () => { destroyed = true })
    return reply.type('application/json').send(stream)
  })
  app.get('/web', { schema: { response: { 200: User } } }, async () => new Response(new ReadableStream({
    pull (controller) { controller.enqueue(new TextEncoder().encode('{"password_hash":"SECRET"}')) },
    cancel () { cancelled = true },
  }), { headers: { 'content-type': 'application/json' } }))
  app.get('/web-stream', { schema: { response: { 200: User } } }, async (_req, reply) => reply.type('application/json').send(new Blob(['{}']).stream()))
  const url = await listen(t, app)
  for (const path of ['/node', '/web', '/web-stream']) {
    const res = await fetch(url + path)
    t.same([res.status, (await res.json()).code], [500, 'FST_REPLYKIT_SCHEMA_BYPASS'], path)
  }
  t.ok(destroyed, 'the Node stream is destroyed')
  t.ok(cancelled, 'the Web stream is cancelled')
})

test('HEAD on a guarded route, content-type-keyed schemas, +json types', async (t) => {
  const app = Fastify()
  await app.register(responseGuard)
  app.get('/user', { schema: { response: { 200: User } } }, async (_req, reply) => reply.type('application/json').send(JSON.stringify(secretUser)))
  app.get('/keyed', {
    schema: {
      response: {
        200: {
          content: {
            'application/json': { schema: User },
            'application/vnd.short+json': { schema: Type.Object({ id: Type.Number() }) },
            'text/csv': { schema: { type: 'string' } },
          },
        },
      },
    },
  }, async (request, reply) => {
    const type = String(request.query && (request.query as { t?: string }).t)
    if (type === 'csv') return reply.type('text/csv').send('id\n1\n')
    return reply.type(type === 'short' ? 'application/vnd.short+json' : 'application/hal+json').send(secretUser)
  })
  app.get('/star', { schema: { response: { 200: { content: { '*/*': { schema: User } } } } } }, async (_req, reply) => reply.type('application/x-other+json').send(JSON.stringify(secretUser)))
  const url = await listen(t, app)
  const head = await fetch(`${url}/user`, { method: 'HEAD' })
  t.equal(head.headers.get('content-length'), String(JSON.stringify({ id: 1, name: 'ada' }).length), 'HEAD announces the filtered length')
  t.same(await (await fetch(`${url}/keyed?t=short`)).json(), { id: 1 }, 'the media type picks its schema')
  const hal = await fetch(`${url}/keyed?t=hal`)
  t.same([hal.headers.get('content-type'), await hal.json()], ['application/hal+json; charset=utf-8', { id: 1, name: 'ada' }], 'another +json type falls back to application/json')
  t.equal(await (await fetch(`${url}/keyed?t=csv`)).text(), 'id\n1\n', 'the declared non-JSON type passes')
  t.same(await (await fetch(`${url}/star`)).json(), { id: 1, name: 'ada' }, 'a */* entry serves JSON too')
})

test('a compression hook that runs before the guard', async (t) => {
  const app = Fastify()
  // Stands for a compression plugin with a global onSend hook (it runs before per-route hooks).
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || request.headers['accept-encoding'] !== 'gzip') return payload
    reply.header('content-encoding', 'gzip')
    return gzipSync(payload)
  })
  await app.register(responseGuard)
  app.get('/object', { schema: { response: { 200: User } } }, async () => secretUser)
  app.get('/string', { schema: { response: { 200: User } } }, async (_req, reply) => reply.type('application/json').send(JSON.stringify(secretUser)))
  app.get('/identity', { schema: { response: { 200: User } } }, async (_req, reply) => reply.header('content-encoding', 'identity').type('application/json').send(JSON.stringify(secretUser)))
  // Says gzip but is not (and the request asks for no encoding): cannot be decoded, so cannot be filtered.
  app.get('/broken', { schema: { response: { 200: User } } }, async (_req, reply) => reply.header('content-encoding', 'gzip').type('application/json').send(JSON.stringify(secretUser)))
  const url = await listen(t, app)
  const object = await request(`${url}/object`, { headers: { 'accept-encoding': 'gzip' } })
  t.same(JSON.parse(gunzipSync(Buffer.from(await object.body.arrayBuffer())).toString()), { id: 1, name: 'ada' }, 'the guard\'s own body, encoded, passes')
  const string = await request(`${url}/string`, { headers: { 'accept-encoding': 'gzip' } })
  t.equal(string.headers['content-encoding'], 'gzip')
  const body = gunzipSync(Buffer.from(await string.body.arrayBuffer())).toString()
  t.notMatch(body, /SECRET/)
  t.same([string.statusCode, JSON.parse(body)], [200, { id: 1, name: 'ada' }],
    'a pre-serialized body encoded before the guard is decoded, filtered and encoded again')
  t.equal(string.headers['content-length'], String(gzipSync(JSON.stringify({ id: 1, name: 'ada' })).length), 'with the length of what is sent')
  const broken = await request(`${url}/broken`)
  const brokenBody = await broken.body.text()
  t.notMatch(brokenBody, /SECRET/)
  t.same([broken.statusCode, broken.headers['content-encoding'], JSON.parse(brokenBody).code], [500, undefined, 'FST_REPLYKIT_SCHEMA_BYPASS'], 'an encoding that does not decode: 500, never the body')
  const identity = await request(`${url}/identity`)
  t.same(await identity.body.json(), { id: 1, name: 'ada' }, 'identity is no encoding')
})

test('a client that goes away while a JSON stream is being read: the stream is destroyed', async (t) => {
  const app = Fastify()
  await app.register(responseGuard)
  let closed: () => void
  const sourceClosed = new Promise<void>((resolve) => { closed = resolve })
  let started: () => void
  const reading = new Promise<void>((resolve) => { started = resolve })
  app.get('/endless', { schema: { response: { 200: User } } }, async (_req, reply) => {
    const endless = new Readable({ read () { started(); setImmediate(() => this.push('[1,')) } })
    endless.on('close', () => closed())
    return reply.type('application/json').send(endless)
  })
  const url = await listen(t, app)
  const controller = new AbortController()
  const response = fetch(`${url}/endless`, { signal: controller.signal }).catch((err: Error) => err)
  await reading
  controller.abort()
  await response
  await sourceClosed
  t.pass('the endless source was destroyed')
})
