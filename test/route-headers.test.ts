// routeHeaders over real sockets: global and per-route headers, precedence, validation when the
// route is added and per response, and timing on every kind of answer.
import { test } from 'tap'
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify'
import { Writable } from 'node:stream'
import { request } from 'undici'
import { routeHeaders } from '../plugins/route-headers.js'
import type { RouteHeadersOptions } from '../types/options.js'
import { listen } from './helpers/server.js'

function logLines (): { lines: Array<Record<string, any>>, stream: Writable } {
  const lines: Array<Record<string, any>> = []
  const stream = new Writable({
    write (chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)))
      callback()
    },
  })
  return { lines, stream }
}

async function serve (t: Parameters<typeof listen>[0], options: RouteHeadersOptions, routes: (app: FastifyInstance) => void,
  serverOptions: FastifyServerOptions = {}): Promise<string> {
  const app = Fastify(serverOptions)
  await app.register(routeHeaders, options)
  routes(app)
  return await listen(t, app)
}

test('global headers on every route, the auto HEAD route and the not-found answer', async (t) => {
  const url = await serve(t, { headers: { 'X-Frame-Options': 'DENY', 'x-request-path': (req) => req.url } }, (app) => {
    app.get('/a', async () => ({ a: 1 }))
    app.post('/b', async () => 'b')
  })
  for (const [method, path, status] of [['GET', '/a', 200], ['HEAD', '/a', 200], ['POST', '/b', 200], ['GET', '/missing', 404]] as const) {
    const res = await request(url + path, { method })
    await res.body.text()
    t.equal(res.statusCode, status, `${method} ${path}`)
    t.equal(res.headers['x-frame-options'], 'DENY', `${method} ${path} static`)
    t.equal(res.headers['x-request-path'], path, `${method} ${path} function`)
  }
})

test('per-route headers: static and computed; a route value replaces a global one of any case', async (t) => {
  const url = await serve(t, { headers: { 'x-frame-options': 'DENY', 'x-team': 'core' } }, (app) => {
    app.get('/posts/:id', {
      config: { headers: { 'x-post-id': (req) => String((req.params as { id: string }).id), 'X-Frame-Options': 'SAMEORIGIN' } },
    }, async () => 'post')
    app.get('/plain', async () => 'plain')
  })
  const post = await request(url + '/posts/17')
  await post.body.text()
  t.equal(post.headers['x-post-id'], '17')
  t.equal(post.headers['x-frame-options'], 'SAMEORIGIN')
  t.equal(post.headers['x-team'], 'core')
  const plain = await request(url + '/plain')
  await plain.body.text()
  t.equal(plain.headers['x-post-id'], undefined)
  t.equal(plain.headers['x-frame-options'], 'DENY')
})

test('a header the handler (or an earlier hook) set wins; its function is not even called', async (t) => {
  let calls = 0
  const url = await serve(t, {}, (app) => {
    app.addHook('onRequest', async (_req, reply) => { reply.header('x-from-hook', 'hook') })
    const config = { headers: { 'x-frame-options': 'DENY', 'x-computed': () => { calls++; return 'computed' }, 'x-from-hook': 'declared', 'x-raw': 'declared' } }
    app.get('/own', { config }, async (_req, reply) => {
      reply.header('X-Frame-Options', 'SAMEORIGIN').header('x-computed', 'handler')
      reply.raw.setHeader('x-raw', 'raw')
      return 'own'
    })
    app.get('/declared', { config }, async () => 'declared')
  })
  const own = await request(url + '/own')
  await own.body.text()
  t.equal(own.headers['x-frame-options'], 'SAMEORIGIN')
  t.equal(own.headers['x-computed'], 'handler')
  t.equal(own.headers['x-from-hook'], 'hook')
  t.equal(own.headers['x-raw'], 'raw')
  t.equal(calls, 0)
  const declared = await request(url + '/declared')
  await declared.body.text()
  t.equal(declared.headers['x-frame-options'], 'DENY')
  t.equal(declared.headers['x-computed'], 'computed')
  t.equal(calls, 1)
})

test('only routes that declare headers get a hook when nothing is global', async (t) => {
  const app = Fastify()
  await app.register(routeHeaders, { headers: {} })
  const hooked: Record<string, string[]> = {}
  app.addHook('onRoute', (opts: RouteOptions) => {
    const list = opts.onSend === undefined ? [] : Array.isArray(opts.onSend) ? opts.onSend : [opts.onSend]
    hooked[`${opts.method} ${opts.url}`] = list.map(h => h.name)
  })
  app.get('/with', { config: { headers: { 'x-a': 'a' } } }, async () => 'with')
  app.get('/without', async () => 'without')
  app.get('/empty', { config: { headers: {} } }, async () => 'empty')
  await app.ready()
  t.same(hooked['GET /with'], ['replyKitPipeline'])
  t.same(hooked['GET /without'], [])
  t.same(hooked['GET /empty'], [])
  t.equal((await app.inject('/with')).headers['x-a'], 'a')
  t.equal((await app.inject('/without')).headers['x-a'], undefined)
})

test('static values and names are checked when the route is added: app.ready() rejects', async (t) => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['x-a', 'one\r\ntwo', /GET \/bad header x-a: the value contains CR at index 3/],
    ['x-a', 'one\ntwo', /contains LF at index 3/],
    ['x-a', 'one\0two', /contains NUL at index 3/],
    ['x-a', 'bell\u0007', /control character U\+0007/],
    ['x-a', 'euro €', /U\+20AC .*outside Latin-1/],
    ['x-a', 42, /the value is number, not a string/],
    ['x-a', null, /the value is null, not a string/],
    ['x a', 'v', /header "x a": "x a" is not a valid header name/],
    ['x-é', 'v', /not a valid header name/],
    ['', 'v', /not a valid header name/],
    ['Content-Length', '5', /framing header/],
    ['transfer-encoding', 'chunked', /framing header/],
  ]
  for (const [name, value, message] of cases) {
    const app = Fastify()
    await app.register(routeHeaders)
    app.register(async (routes) => { routes.get('/bad', { config: { headers: { [name]: value } as never } }, async () => 'x') })
    await t.rejects(async () => { await app.ready() }, { code: 'FST_REPLYKIT_BAD_HEADER', message }, `${JSON.stringify(name)}: ${JSON.stringify(value)}`)
  }
  const app = Fastify()
  await app.register(routeHeaders)
  app.register(async (routes) => { routes.post('/list', { config: { headers: ['x-a'] as never } }, async () => 'x') })
  await t.rejects(async () => { await app.ready() }, { code: 'FST_REPLYKIT_BAD_HEADER', message: /POST \/list: headers must be an object/ })
  // A route added at the top level, outside any plugin, throws right at the call.
  const top = Fastify()
  await top.register(routeHeaders)
  t.throws(() => top.get('/top', { config: { headers: { 'x-a': '\n' } } }, async () => 'x'), { code: 'FST_REPLYKIT_BAD_HEADER', message: /GET \/top header x-a/ })
})

test('bad plugin options fail registration', async (t) => {
  const attempts: Array<[unknown, string, RegExp]> = [
    [{ timing: 'yes' }, 'FST_REPLYKIT_BAD_OPTION', /timing: must be false, 'server-timing' or 'x-response-time'; got "yes"/],
    [{ timing: true }, 'FST_REPLYKIT_BAD_OPTION', /timing/],
    [{ header: {} }, 'FST_REPLYKIT_BAD_OPTION', /header: is not an option of routeHeaders/],
    [{ headers: 'x-a: 1' }, 'FST_REPLYKIT_BAD_HEADER', /routeHeaders option headers: headers must be an object/],
    [{ headers: { 'x-a': 'a\rb' } }, 'FST_REPLYKIT_BAD_HEADER', /routeHeaders option headers header x-a: the value contains CR/],
    [[], 'FST_REPLYKIT_BAD_OPTION', /options must be an object/],
  ]
  for (const [options, code, message] of attempts) {
    const app = Fastify()
    await t.rejects(async () => { await app.register(routeHeaders, options as RouteHeadersOptions) }, { code, message }, JSON.stringify(options))
  }
  // A null-prototype object is a plain object too; Fastify's own register options are accepted.
  const app = Fastify()
  await app.register(routeHeaders, Object.assign(Object.create(null), { headers: { 'x-a': 'a' }, logLevel: 'info' }))
  app.get('/', async () => 'ok')
  t.equal((await app.inject('/')).headers['x-a'], 'a')
})

test('a bad computed value is dropped and logged; the response itself goes out', async (t) => {
  const log = logLines()
  // eslint-disable-next-line no-throw-literal
  const url = await serve(t, { headers: { 'x-global-throws': () => { throw 'not an error' } } }, (app) => {
    app.get('/posts/:id', {
      config: {
        headers: {
          'x-post-id': (req) => (req.params as { id: string }).id,
          'x-missing': () => undefined,
          'x-number': (() => 7) as never,
          'x-throws': () => { throw new Error('boom') },
          'x-ok': () => 'fine',
        },
      },
    }, async () => ({ ok: true }))
  }, { logger: { level: 'warn', stream: log.stream } })
  // The URL-decoded parameter carries CR LF: a response-splitting attempt.
  const res = await request(url + '/posts/1%0D%0ASet-Cookie:%20evil=1')
  t.equal(res.statusCode, 200)
  t.same(await res.body.json(), { ok: true })
  t.equal(res.headers['set-cookie'], undefined, 'no injected header')
  t.equal(res.headers['x-post-id'], undefined, 'the bad value is dropped')
  t.equal(res.headers['x-missing'], undefined, 'undefined means no header')
  t.equal(res.headers['x-number'], undefined)
  t.equal(res.headers['x-throws'], undefined)
  t.equal(res.headers['x-ok'], 'fine')
  const good = await request(url + '/posts/5')
  await good.body.text()
  t.equal(good.headers['x-post-id'], '5')
  const messages = log.lines.map(l => `${l.level} ${l.msg}`)
  t.ok(messages.includes('40 routeHeaders: Invalid header value for GET /posts/:id header x-post-id: the value contains CR at index 1; header not sent'))
  t.ok(messages.includes('40 routeHeaders: Invalid header value for GET /posts/:id header x-number: the value is number, not a string; header not sent'))
  t.ok(messages.includes('50 routeHeaders: Invalid header value for GET /posts/:id header x-throws: the header function threw: boom; header not sent'))
  t.ok(messages.includes('50 routeHeaders: Invalid header value for GET /posts/:id header x-global-throws: the header function threw: not an error; header not sent'))
  t.match(log.lines.find(l => l.msg.includes('x-post-id')), { err: { code: 'FST_REPLYKIT_BAD_HEADER' } })
})

const SERVER_TIMING = /^app;dur=\d+\.\d$/

test('Server-Timing on successes, errors, early rejections and not-found answers', async (t) => {
  const url = await serve(t, { timing: 'server-timing' }, (app) => {
    app.addHook('onRequest', async (request, reply) => {
      if (request.headers.authorization === 'no') await reply.code(401).send({ error: 'unauthorized' })
    })
    app.get('/ok', async () => ({ ok: true }))
    app.get('/slow', async () => { await new Promise(resolve => setTimeout(resolve, 30)); return 'slow' })
    app.get('/throws', async () => { throw new Error('broken') })
    app.get('/validated', { schema: { querystring: { type: 'object', properties: { n: { type: 'integer' } } } } }, async () => 'v')
    app.get('/own', { config: { headers: { 'x-a': 'a' } } }, async (_req, reply) => {
      reply.header('server-timing', 'db;dur=5')
      return 'own'
    })
    app.get('/own-list', async (_req, reply) => {
      reply.header('server-timing', ['db;dur=5', 'cache;desc=hit'])
      return 'own'
    })
  })
  const cases: Array<[string, Record<string, string>, number]> = [
    ['/ok', {}, 200], ['/throws', {}, 500], ['/validated?n=abc', {}, 400], ['/ok', { authorization: 'no' }, 401], ['/nowhere', {}, 404],
  ]
  for (const [path, headers, status] of cases) {
    const res = await request(url + path, { headers })
    await res.body.text()
    t.equal(res.statusCode, status, path)
    t.match(res.headers['server-timing'], SERVER_TIMING, `${path} ${status}`)
  }
  const slow = await request(url + '/slow')
  await slow.body.text()
  const duration = Number(/dur=([\d.]+)/.exec(slow.headers['server-timing'] as string)?.[1])
  t.ok(duration >= 25, `the handler's wait is measured (${duration})`)
  const own = await request(url + '/own')
  await own.body.text()
  t.match(own.headers['server-timing'], /^db;dur=5, app;dur=\d+\.\d$/, 'the handler\'s entries are kept, ours appended')
  t.equal(own.headers['x-a'], 'a', 'declared headers with timing on')
  const list = await request(url + '/own-list')
  await list.body.text()
  t.match(list.headers['server-timing'], /^db;dur=5, cache;desc=hit, app;dur=\d+\.\d$/)
})

test('X-Response-Time, and a value the handler set wins', async (t) => {
  const url = await serve(t, { timing: 'x-response-time', headers: { 'x-a': 'a' } }, (app) => {
    app.get('/ok', async () => 'ok')
    app.get('/own', async (_req, reply) => reply.header('x-response-time', 'mine').send('own'))
    app.get('/fail', async (_req, reply) => reply.code(503).send({ error: 'down' }))
  })
  for (const [path, status] of [['/ok', 200], ['/fail', 503], ['/none', 404]] as const) {
    const res = await request(url + path)
    await res.body.text()
    t.equal(res.statusCode, status)
    t.match(res.headers['x-response-time'], /^\d+\.\dms$/, path)
    t.equal(res.headers['x-a'], 'a')
    t.equal(res.headers['server-timing'], undefined)
  }
  const own = await request(url + '/own')
  await own.body.text()
  t.equal(own.headers['x-response-time'], 'mine')
})

test('on routes that take a body, timing restarts with the handler phase (upload excluded)', async (t) => {
  const app = Fastify()
  await app.register(routeHeaders, { timing: 'server-timing' })
  const preHandlers: Record<string, string[]> = {}
  app.addHook('onRoute', (opts: RouteOptions) => {
    const list = opts.preHandler === undefined ? [] : Array.isArray(opts.preHandler) ? opts.preHandler : [opts.preHandler]
    preHandlers[`${[opts.method].flat().join(',')} ${opts.url}`] = list.map(h => h.name)
  })
  app.get('/read', async () => 'read')
  app.post('/write', async (request) => request.body)
  app.route({ method: ['GET', 'PUT'], url: '/both', handler: async () => 'both' })
  app.route({ method: ['GET', 'OPTIONS'], url: '/bodyless', handler: async () => 'bodyless' })
  await app.ready()
  t.same(preHandlers['GET /read'], [])
  t.same(preHandlers['HEAD /read'], [])
  t.same(preHandlers['POST /write'], ['stamp'])
  t.same(preHandlers['GET,PUT /both'], ['stamp'])
  t.same(preHandlers['GET,OPTIONS /bodyless'], [])
  const url = await listen(t, app)
  const res = await request(url + '/write', { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } })
  t.same(await res.body.json(), { a: 1 })
  t.match(res.headers['server-timing'], SERVER_TIMING)
})

test('timing with no declared headers anywhere, and a second registration', async (t) => {
  const app = Fastify()
  await app.register(routeHeaders, { timing: 'server-timing' })
  await app.register(async (child) => {
    await child.register(routeHeaders, { timing: 'x-response-time' })
    child.get('/child', async () => 'child')
  })
  app.get('/root', async () => 'root')
  const root = await app.inject('/root')
  t.match(root.headers['server-timing'], SERVER_TIMING)
  t.equal(root.headers['x-response-time'], undefined)
  const child = await app.inject('/child')
  t.match(child.headers['server-timing'], SERVER_TIMING)
  t.match(child.headers['x-response-time'], /ms$/)
})
