// reply.stream over real sockets: every source kind, backpressure, client aborts, errors before
// and after the first byte, HEAD, and bad sources.
import { test } from 'tap'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { Readable } from 'node:stream'
import { EventEmitter } from 'node:events'
import { Writable } from 'node:stream'
import { request } from 'undici'
import { setImmediate as tick } from 'node:timers/promises'
import { replyHelpers } from '../plugins/reply-helpers.js'
import { listen } from './helpers/server.js'
import { rawGet, settled, until, waitFor } from './helpers/slow-client.js'

function logLines (): { lines: Array<Record<string, unknown>>, stream: Writable } {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({
    write (chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)))
      callback()
    },
  })
  return { lines, stream }
}

async function appWith (routes: (app: FastifyInstance) => void, options: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify(options)
  await app.register(replyHelpers)
  routes(app)
  return app
}

test('every kind of source streams its chunks in order', async (t) => {
  const app = await appWith((app) => {
    app.get('/async', async (_req, reply) => reply.stream((async function * () { yield 'a'; await tick(); yield Buffer.from('b'); yield new Uint8Array([99]) })()))
    app.get('/sync', (_req, reply) => reply.stream(['a', 'b', 'c'], { mediaType: 'text/plain; charset=utf-8' }))
    app.get('/node', (_req, reply) => reply.stream(Readable.from(['a', 'b', 'c'])))
    app.get('/web', (_req, reply) => reply.stream(new ReadableStream({
      start (controller) { controller.enqueue(new TextEncoder().encode('ab')); controller.enqueue('c'); controller.close() },
    })))
    app.get('/reader', (_req, reply) => {
      // A Web stream from elsewhere that only offers getReader().
      const parts = ['a', 'bc']
      return reply.stream({ getReader: () => ({ read: async () => parts.length > 0 ? { done: false, value: parts.shift() } : { done: true, value: undefined }, cancel: async () => {} }) } as unknown as ReadableStream)
    })
    app.get('/legacy', (_req, reply) => {
      // An old-style stream: an EventEmitter with pipe/pause/resume and no async iterator.
      const old = Object.assign(new EventEmitter(), { pipe () {}, pause () {}, resume () {}, readable: true })
      setTimeout(() => { old.emit('data', 'ab'); old.emit('data', 'c'); old.emit('end') }, 10)
      return reply.stream(old as unknown as NodeJS.ReadableStream)
    })
    app.get('/function', (_req, reply) => reply.stream(async function * (signal) { yield String(signal.aborted); yield 'c' }))
  })
  const base = await listen(t, app)
  for (const [path, body] of [['/async', 'abc'], ['/sync', 'abc'], ['/node', 'abc'], ['/web', 'abc'], ['/reader', 'abc'], ['/legacy', 'abc'], ['/function', 'falsec']]) {
    const res = await request(base + path)
    t.equal(res.statusCode, 200, path)
    t.equal(await res.body.text(), body, `${path} body`)
    t.equal(res.headers['transfer-encoding'], 'chunked', `${path} is streamed`)
    t.equal(res.headers['content-type'], path === '/sync' ? 'text/plain; charset=utf-8' : 'application/octet-stream', `${path} content type`)
  }
})

test('a slow client holds the generator back instead of the server buffering the export', async (t) => {
  const chunk = 'x'.repeat(16 * 1024)
  const total = 10_000 // 160 MiB if nothing held the generator back
  let produced = 0
  let finallyRan = false
  const app = await appWith((app) => {
    app.get('/big', (_req, reply) => reply.stream((async function * () {
      try {
        for (let i = 0; i < total; i++) { produced++; yield chunk }
      } finally { finallyRan = true }
    })()))
  })
  const base = await listen(t, app)
  const client = await rawGet(base + '/big')
  await until(client.received, 256 * 1024)
  client.response.pause()
  const held = await settled(() => produced, total)
  const consumed = Math.ceil(client.received() / chunk.length)
  // Loopback socket buffers hold a few MiB at most: 2,048 chunks is 32 MiB.
  t.ok(held < total, `the generator stopped early (${held} of ${total} produced)`)
  t.ok(held - consumed < 2048, `produced ${held} chunks, consumed ${consumed}`)
  client.response.destroy()
  await client.ended
  await waitFor(() => finallyRan)
  t.ok(finallyRan, 'the generator was closed when the client left')
})

test('a client that leaves mid-body stops the generator and aborts the signal', async (t) => {
  let generatorFinally = false
  let seenSignal: AbortSignal | undefined
  let functionFinally = false
  const app = await appWith((app) => {
    app.get('/gen', (_req, reply) => reply.stream((async function * () {
      try {
        for (;;) { yield 'x'.repeat(1024); await tick() }
      } finally { generatorFinally = true }
    })()))
    app.get('/fn', (_req, reply) => reply.stream(async function * (signal) {
      seenSignal = signal
      try {
        yield 'first'
        // A pending database call that only the signal can cancel.
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
        yield 'never'
      } finally { functionFinally = true }
    }))
  })
  const base = await listen(t, app)

  const gen = await rawGet(base + '/gen')
  await until(gen.received, 10 * 1024)
  gen.response.socket.destroy()
  t.equal(await gen.ended, 'aborted')
  await waitFor(() => generatorFinally)
  t.ok(generatorFinally, 'the generator finally ran')

  const fn = await rawGet(base + '/fn')
  await until(fn.received, 5)
  fn.response.socket.destroy()
  await fn.ended
  await waitFor(() => functionFinally)
  t.equal(seenSignal?.aborted, true, 'the signal aborted')
  t.ok(functionFinally, 'the pending call was cancelled and the finally ran')
})

test('an error before the first byte is a normal error reply', async (t) => {
  const app = await appWith((app) => {
    app.get('/boom', (_req, reply) => reply.stream((async function * () {
      await tick()
      throw Object.assign(new Error('not found here'), { statusCode: 404 })
    })()))
    app.get('/sync-boom', (_req, reply) => reply.stream((function * () { throw new Error('sync boom') })(), { mediaType: 'text/plain' }))
  })
  const base = await listen(t, app)
  const res = await request(base + '/boom')
  t.equal(res.statusCode, 404)
  t.match(await res.body.json(), { statusCode: 404, message: 'not found here' })
  t.match(res.headers['content-type'], /^application\/json/)
  const sync = await request(base + '/sync-boom')
  t.equal(sync.statusCode, 500)
  t.match(await sync.body.json(), { message: 'sync boom' })
})

test('an error after the first byte aborts the connection and is logged', async (t) => {
  const log = logLines()
  const app = Fastify({ logger: { stream: log.stream, level: 'warn' } })
  await app.register(replyHelpers)
  app.get('/cut', (_req, reply) => reply.stream((async function * () {
    yield 'part one,'
    await tick()
    throw new Error('database went away')
  })()))
  const base = await listen(t, app)

  const res = await request(base + '/cut')
  t.equal(res.statusCode, 200, 'the headers were already sent')
  await t.rejects(res.body.text(), 'undici sees a failed transfer, not a complete body')

  const raw = await rawGet(base + '/cut')
  t.equal(await raw.ended, 'aborted', 'the chunked body never got its last chunk')
  t.ok(log.lines.some(line => JSON.stringify(line).includes('database went away')), 'the error is logged')
})

test('bad sources and chunks fail with FST_REPLYKIT_BAD_STREAM_SOURCE', async (t) => {
  const sources: Record<string, () => unknown> = {
    number: () => 42,
    null: () => null,
    string: () => 'hello',
    buffer: () => Buffer.from('hello'),
    object: () => ({}),
    nullProto: () => Object.create(null),
    'function returning a function': () => () => () => {},
    'function returning a number': () => () => 1,
    'iterator method returning nothing': () => ({ [Symbol.iterator]: () => undefined }),
    'an iterator giving null': () => ({ [Symbol.iterator]: () => ({ next: () => null }) }),
    'an async iterator giving a number': () => ({ [Symbol.asyncIterator]: () => ({ next: async () => 42 }) }),
    'a number chunk': () => [1],
    'a null chunk': () => [null],
  }
  const app = await appWith((app) => {
    app.get('/:kind', (req, reply) => reply.stream(sources[(req.params as { kind: string }).kind]() as Iterable<string>))
  })
  const base = await listen(t, app)
  for (const kind of Object.keys(sources)) {
    const res = await request(`${base}/${encodeURIComponent(kind)}`)
    t.equal(res.statusCode, 500, kind)
    const body = await res.body.json() as { code: string, message: string }
    t.equal(body.code, 'FST_REPLYKIT_BAD_STREAM_SOURCE', kind)
    t.match(body.message, /^Invalid stream source: /, kind)
  }
})

test('bad options fail with FST_REPLYKIT_BAD_OPTION', async (t) => {
  const app = await appWith((app) => {
    app.get('/type', (_req, reply) => reply.stream(['a'], { mediaType: 'text/plain\r\nx-evil: 1' }))
    app.get('/empty-type', (_req, reply) => reply.stream(['a'], { mediaType: '' }))
    app.get('/options', (_req, reply) => reply.stream(['a'], 'text/plain' as never))
  })
  for (const path of ['/type', '/empty-type', '/options']) {
    const res = await app.inject(path)
    t.equal(res.statusCode, 500, path)
    t.equal(res.json().code, 'FST_REPLYKIT_BAD_OPTION', path)
    t.notOk(res.headers['x-evil'])
  }
})

test('HEAD never starts the source', async (t) => {
  let started = false
  let closed = false
  let called = false
  const app = await appWith((app) => {
    app.get('/gen', (_req, reply) => reply.stream((function * () {
      try { started = true; yield 'a' } finally { closed = true }
    })()))
    app.get('/fn', (_req, reply) => reply.stream(async function * () { called = true; yield 'a' }))
    app.get('/node', (_req, reply) => {
      const stream = Readable.from(['a'])
      stream.on('close', () => { closed = true })
      return reply.stream(stream)
    })
    app.get('/failing-close', (_req, reply) => reply.stream({
      [Symbol.iterator]: () => ({ next: () => ({ done: true, value: undefined }), return: () => { throw new Error('close failed') } }),
    } as unknown as Iterable<string>))
  })
  const base = await listen(t, app)
  const head = await request(base + '/gen', { method: 'HEAD' })
  t.equal(head.statusCode, 200)
  t.equal(head.headers['content-type'], 'application/octet-stream')
  t.equal(head.headers['content-length'], undefined, 'no made-up Content-Length: 0 for a body of unknown length')
  t.equal(await head.body.text(), '')
  t.notOk(started, 'the generator body never ran')
  t.notOk(closed, 'a generator that never started has no finally to run')
  const fn = await request(base + '/fn', { method: 'HEAD' })
  await fn.body.text()
  t.notOk(called, 'the function source was never called')
  closed = false
  const node = await request(base + '/node', { method: 'HEAD' })
  await node.body.text()
  await waitFor(() => closed)
  t.ok(closed, 'a Node stream is destroyed')
  const failing = await request(base + '/failing-close', { method: 'HEAD' })
  t.equal(failing.statusCode, 200, 'an iterator whose return() throws still answers')
  await failing.body.text()
})

test('an error while stopping the source is logged, not thrown', async (t) => {
  const log = logLines()
  const app = Fastify({ logger: { stream: log.stream, level: 'error' } })
  await app.register(replyHelpers)
  app.get('/', (_req, reply) => reply.stream((async function * () {
    try {
      for (;;) { yield 'x'.repeat(1024); await tick() }
    } finally {
      // eslint-disable-next-line no-unsafe-finally
      throw new Error('cursor release failed')
    }
  })()))
  const base = await listen(t, app)
  const client = await rawGet(base + '/')
  await until(client.received, 4096)
  client.response.socket.destroy()
  await client.ended
  while (!log.lines.some(line => JSON.stringify(line).includes('cursor release failed'))) await tick()
  t.pass('logged')
})

test('the route record names the helper', async (t) => {
  const { routeRecord, recordOfConfig } = await import('../plugins/suite/route-record.js')
  const app = Fastify()
  app.addHook('onRoute', (options) => { routeRecord(app, options) })
  await app.register(replyHelpers)
  let helper: string | undefined
  app.get('/', async (req, reply) => {
    reply.stream(['a'])
    helper = recordOfConfig(req.routeOptions.config)?.helper
    return reply
  })
  const res = await app.inject('/')
  t.equal(res.body, 'a')
  t.equal(helper, 'stream')
})

test('200 downloads of a file stream aborted mid-body leave no file descriptor open', async (t) => {
  const { mkdtempSync, writeFileSync, readdirSync, createReadStream, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const folder = mkdtempSync(join(tmpdir(), 'reply-stream-'))
  t.teardown(() => rmSync(folder, { recursive: true, force: true }))
  const file = join(folder, 'big.bin')
  writeFileSync(file, Buffer.alloc(4 * 1024 * 1024, 7))
  const app = await appWith((app) => {
    app.get('/file', (_req, reply) => reply.stream(createReadStream(file, { highWaterMark: 16 * 1024 })))
    app.get('/fn', (_req, reply) => reply.stream(() => createReadStream(file, { highWaterMark: 16 * 1024 })))
  })
  const base = await listen(t, app)
  const openFds = (): number => readdirSync('/proc/self/fd').length
  const before = openFds()
  for (let i = 0; i < 200; i++) {
    const client = await rawGet(base + (i % 2 === 0 ? '/file' : '/fn'))
    await until(client.received, 32 * 1024)
    client.response.socket.destroy()
    await client.ended
  }
  await waitFor(() => openFds() <= before)
  t.equal(openFds(), before, 'every file and socket was closed')
})
