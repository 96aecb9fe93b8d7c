// replyContext over real sockets: useReply()/useRequest() from everywhere a request's async call
// chain reaches, changes made from service code, and no crossing between requests.
import { test } from 'tap'
import Fastify, { type FastifyReply } from 'fastify'
import cookie from '@fastify/cookie'
import { EventEmitter } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { parse as parseSetCookie } from 'set-cookie-parser'
import CachePolicy from 'http-cache-semantics'
import { replyContext, useReply, useRequest } from '../plugins/reply-context.js'
import { replyHelpers } from '../plugins/reply-helpers.js'
import { cacheControl } from '../plugins/cache-control.js'
import { listen } from './helpers/server.js'

// Must run first in this file (its own process): no app has registered the plugin yet.
test('before any registration, the error says replyContext is not registered', async (t) => {
  t.throws(() => useReply(), { code: 'FST_REPLYKIT_NO_CONTEXT', statusCode: 500, message: /useReply\(\) was called but replyContext is not registered/ })
  t.throws(() => useRequest(), { code: 'FST_REPLYKIT_NO_CONTEXT', message: /useRequest\(\) was called but replyContext is not registered/ })
})

test('outside a request both throw FST_REPLYKIT_NO_CONTEXT saying why', async (t) => {
  const app = Fastify()
  await app.register(replyContext)
  let inTimerStartedAtBoot: unknown
  app.addHook('onReady', async () => {
    setTimeout(() => { try { useReply() } catch (error) { inTimerStartedAtBoot = error } }, 1)
    t.throws(() => useRequest(), { code: 'FST_REPLYKIT_NO_CONTEXT' }, 'not in onReady')
  })
  app.get('/', async () => 'ok')
  await app.ready()
  t.throws(() => useReply(), { code: 'FST_REPLYKIT_NO_CONTEXT', message: /useReply\(\) was called outside a request/ })
  t.throws(() => useRequest(), { code: 'FST_REPLYKIT_NO_CONTEXT', message: /useRequest\(\) was called outside a request/ })
  await sleep(20)
  t.match(inTimerStartedAtBoot, { code: 'FST_REPLYKIT_NO_CONTEXT' }, 'a timer started outside any request has no reply')
  // After a request has run, the context is gone again.
  const url = await listen(t, app)
  const res = await request(url + '/')
  t.equal(await res.body.text(), 'ok')
  t.throws(() => useReply(), { code: 'FST_REPLYKIT_NO_CONTEXT' })
  await app.close()
})

test('reachable from hooks, handler, services, awaits, timers, events and promise chains', async (t) => {
  const app = Fastify()
  await app.register(replyContext)
  const seen: Record<string, boolean> = {}
  const check = (where: string, reply: FastifyReply): void => {
    seen[where] = useReply() === reply && useRequest() === reply.request
  }
  const bus = new EventEmitter()
  app.addHook('onRequest', async (_req, reply) => check('onRequest (later hook)', reply))
  app.addHook('preParsing', async (_req, reply, payload) => { check('preParsing', reply); return payload })
  app.addHook('preValidation', async (_req, reply) => check('preValidation', reply))
  app.addHook('preHandler', (_req, reply, done) => { check('preHandler', reply); done() })
  app.addHook('preSerialization', async (_req, reply, payload) => { check('preSerialization', reply); return payload })
  app.addHook('onSend', async (_req, reply, payload) => { check('onSend', reply); return payload })
  let responded: () => void = () => {}
  const onResponseRan = new Promise<void>(resolve => { responded = resolve })
  app.addHook('onResponse', async (_req, reply) => { check('onResponse', reply); responded() })
  async function service (reply: FastifyReply): Promise<void> {
    await sleep(1)
    check('after await', reply)
    await new Promise<void>(resolve => setTimeout(() => { check('setTimeout callback', reply); resolve() }, 2))
    await new Promise<void>(resolve => setImmediate(() => { check('setImmediate callback', reply); resolve() }))
    await new Promise<void>(resolve => process.nextTick(() => { check('nextTick callback', reply); resolve() }))
    await Promise.resolve().then(() => sleep(1)).then(() => check('promise chain', reply))
    await Promise.all([1, 2].map(async (n) => { await sleep(n); check(`Promise.all branch ${n}`, reply) }))
    bus.once('ping', () => check('event listener added in the request', reply))
    bus.emit('ping')
    queueMicrotask(() => check('queueMicrotask', reply))
  }
  app.post('/all', { schema: { body: { type: 'object', properties: { a: { type: 'number' } } } } }, async (request, reply) => {
    check('handler', reply)
    await service(reply)
    return { a: request.body }
  })
  const url = await listen(t, app)
  const res = await request(url + '/all', { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } })
  t.equal(res.statusCode, 200)
  await res.body.text()
  await onResponseRan
  const expected = ['onRequest (later hook)', 'preParsing', 'preValidation', 'preHandler', 'handler', 'after await',
    'setTimeout callback', 'setImmediate callback', 'nextTick callback', 'promise chain', 'Promise.all branch 1',
    'Promise.all branch 2', 'event listener added in the request', 'queueMicrotask', 'preSerialization', 'onSend', 'onResponse']
  for (const where of expected) t.equal(seen[where], true, where)
})

test('a body that arrives after the headers still runs in the context', async (t) => {
  const app = Fastify()
  await app.register(replyContext)
  app.post('/slow', async (request) => ({ same: useRequest() === request, body: request.body }))
  const url = await listen(t, app)
  const body = new ReadableStream({
    async start (controller) {
      controller.enqueue(new TextEncoder().encode('{"a":'))
      await sleep(30)
      controller.enqueue(new TextEncoder().encode('1}'))
      controller.close()
    },
  })
  const res = await fetch(url + '/slow', { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit)
  t.same(await res.json(), { same: true, body: { a: 1 } })
})

test('service code sets header, cookie, status and cache; the return value is still filtered by the schema', async (t) => {
  const app = Fastify()
  await app.register(replyContext)
  await app.register(cookie)
  await app.register(cacheControl)
  // A service with no reply in scope.
  async function createPost (title: string): Promise<{ id: number, title: string, secret: string }> {
    await sleep(1)
    const reply = useReply()
    reply.header('x-post-title', title).code(201).cache({ public: true, maxAge: 120 })
    reply.setCookie('last_post', '42', { path: '/', httpOnly: true })
    return { id: 42, title, secret: 'do-not-leak' }
  }
  app.post('/posts', {
    schema: {
      body: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
      response: { 201: { type: 'object', properties: { id: { type: 'number' }, title: { type: 'string' } } } },
    },
    config: { cache: 'private' },
  }, async (request) => await createPost((request.body as { title: string }).title))
  const url = await listen(t, app)
  const res = await request(url + '/posts', { method: 'POST', body: JSON.stringify({ title: 'hi' }), headers: { 'content-type': 'application/json' } })
  t.equal(res.statusCode, 201)
  t.equal(res.headers['x-post-title'], 'hi')
  const text = await res.body.text()
  t.same(JSON.parse(text), { id: 42, title: 'hi' })
  t.notMatch(text, 'do-not-leak', 'the extra field never leaves')
  const cookies = parseSetCookie(res.headers['set-cookie'] as string[])
  t.match(cookies, [{ name: 'last_post', value: '42', path: '/', httpOnly: true }])
  // The reply.cache() from the service (public, max-age=120) replaced the route's 'private' policy;
  // it carries Set-Cookie, so cacheControl downgraded it to private: a shared cache must not store it.
  const policy = new CachePolicy({ url: '/posts', method: 'GET', headers: {} },
    { status: 200, headers: res.headers as Record<string, string> }, { shared: true })
  t.equal(policy.storable(), false, 'a shared cache does not store a response with a cookie')
  t.match(res.headers['cache-control'], /^private/)
  t.match(res.headers['cache-control'], /max-age=120/)
  const privateCache = new CachePolicy({ url: '/posts', method: 'GET', headers: {} },
    { status: 200, headers: res.headers as Record<string, string> }, { shared: false })
  t.equal(privateCache.maxAge(), 120, 'the service-chosen age is kept for the browser cache')
})

test('2,000 concurrent requests with random delays each see only their own reply', async (t) => {
  const app = Fastify()
  await app.register(replyContext)
  async function deepService (): Promise<{ id: string, via: string[] }> {
    const via: string[] = []
    const own = (): string => useRequest().headers['x-id'] as string
    await sleep(Math.random() * 15)
    via.push(own())
    await new Promise<void>(resolve => setTimeout(() => { via.push(own()); resolve() }, Math.random() * 10))
    const parts = await Promise.all([0, 1, 2].map(async () => { await sleep(Math.random() * 5); return own() }))
    via.push(...parts)
    useReply().header('x-echo', own())
    return { id: (useRequest().query as { id: string }).id, via }
  }
  app.get('/echo', async () => await deepService())
  app.post('/echo', async (request) => ({ ...(await deepService()), body: (request.body as { id: string }).id }))
  const url = await listen(t, app)
  const { Pool } = await import('undici')
  // Keep-alive and pipelined connections, so requests share sockets.
  const pool = new Pool(url, { connections: 32, pipelining: 4 })
  t.teardown(() => pool.close())
  const total = 2000
  const results = await Promise.all(Array.from({ length: total }, async (_, i) => {
    const id = `req-${i}`
    const post = i % 3 === 0
    const res = await pool.request({
      path: `/echo?id=${id}`,
      method: post ? 'POST' : 'GET',
      headers: { 'x-id': id, ...(post ? { 'content-type': 'application/json' } : {}) },
      body: post ? JSON.stringify({ id }) : undefined,
    })
    const body = await res.body.json() as { id: string, via: string[], body?: string }
    return body.id === id && res.headers['x-echo'] === id && body.via.length === 5 &&
      body.via.every(v => v === id) && (!post || body.body === id)
  }))
  t.equal(results.filter(ok => ok).length, total, 'every request saw only its own request and reply')
})

test('encapsulated plugins and app.inject', async (t) => {
  const app = Fastify()
  await app.register(async (child) => {
    await child.register(replyContext)
    // A second registration in the same scope is harmless.
    await child.register(replyContext)
    child.get('/inside', async () => {
      await sleep(1)
      useReply().header('x-inside', 'yes')
      return { url: useRequest().url }
    })
    await child.register(async (grandchild) => {
      grandchild.get('/nested', async () => ({ url: useRequest().url }))
    }, { prefix: '/deep' })
  }, { prefix: '/scope' })
  app.get('/outside', async () => useReply() === undefined)
  const inside = await app.inject('/scope/inside')
  t.equal(inside.headers['x-inside'], 'yes')
  t.same(inside.json(), { url: '/scope/inside' })
  t.same((await app.inject('/scope/deep/nested')).json(), { url: '/scope/deep/nested' })
  // fastify-plugin lifts replyContext into the scope that registered it (/scope), not above it.
  const outside = await app.inject('/outside')
  t.equal(outside.statusCode, 500)
  t.match(outside.json(), { code: 'FST_REPLYKIT_NO_CONTEXT' })
})

test('stream generators run in the context, across backpressure', async (t) => {
  const app = Fastify()
  await app.register(replyContext)
  await app.register(replyHelpers)
  app.get('/rows', (request, reply) => reply.stream(async function * () {
    for (let i = 0; i < 400; i++) {
      if (useRequest() !== request || useReply() !== reply) throw new Error('lost the context')
      if (i % 50 === 0) await sleep(1)
      yield `${(request.query as { id: string }).id}:${'x'.repeat(16 * 1024)}\n`
    }
  }))
  const url = await listen(t, app)
  const check = async (id: string): Promise<boolean> => {
    const res = await request(`${url}/rows?id=${id}`)
    let text = ''
    for await (const chunk of res.body) {
      text += String(chunk)
      // A slow reader: the server's buffers fill and the generator waits for 'drain'.
      if (text.length % 5 === 0) await sleep(0)
    }
    const lines = text.trimEnd().split('\n')
    return lines.length === 400 && lines.every(line => line.startsWith(`${id}:`))
  }
  const ok = await Promise.all(['a', 'b', 'c', 'd'].map(check))
  t.same(ok, [true, true, true, true])
})

test('csv and ndjson row generators run in the context', async (t) => {
  const app = Fastify()
  await app.register(replyContext)
  await app.register(replyHelpers)
  const rows = (signal: AbortSignal): AsyncIterable<object> => (async function * () {
    for (let i = 0; i < 3; i++) {
      await sleep(1)
      yield { i, url: useRequest().url, status: useReply().statusCode, aborted: signal.aborted }
    }
  })()
  app.get('/rows.ndjson', (_req, reply) => reply.ndjson(rows))
  app.get('/rows.csv', (_req, reply) => reply.csv(rows, { columns: ['i', 'url'] }))
  const url = await listen(t, app)
  const ndjson = await request(url + '/rows.ndjson')
  const lines = (await ndjson.body.text()).trim().split('\n').map(line => JSON.parse(line))
  t.same(lines, [0, 1, 2].map(i => ({ i, url: '/rows.ndjson', status: 200, aborted: false })))
  const csv = await request(url + '/rows.csv')
  t.equal(await csv.body.text(), 'i,url\r\n0,/rows.csv\r\n1,/rows.csv\r\n2,/rows.csv\r\n')
})

test('a request made inside another (app.inject in a handler) has its own context, and the outer one survives', async (t) => {
  const app = Fastify()
  // A hook added before the plugin runs before its onRequest hook: no context there yet.
  let early: unknown
  app.addHook('onRequest', async () => { try { useReply() } catch (error) { early = error } })
  await app.register(replyContext)
  app.get('/inner', async (request) => ({ inner: useRequest() === request, url: useRequest().url }))
  app.get('/outer', async (request) => {
    const inner = await app.inject('/inner')
    await sleep(1)
    return { inner: inner.json(), outerStillOwn: useRequest() === request }
  })
  const url = await listen(t, app)
  const res = await request(url + '/outer')
  t.same(await res.body.json(), { inner: { inner: true, url: '/inner' }, outerStillOwn: true })
  t.match(early, { code: 'FST_REPLYKIT_NO_CONTEXT' })
})
