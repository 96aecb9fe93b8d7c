// Headers and cookies set from inside a stream/CSV/NDJSON source (issue 11): before its first item
// they are sent (and the cache policy sees the cookie); after the first byte, setting one throws
// FST_REPLYKIT_HEADERS_SENT naming the header instead of being dropped. Over a real socket.
import { test } from 'tap'
import Fastify from 'fastify'
import { request } from 'undici'
import { parseSetCookie } from 'set-cookie-parser'
import { gunzipSync, createGzip, createDeflate, constants } from 'node:zlib'
import replyKit, { useReply } from '../plugins/index.js'
import { canMarkFlush, withSyncFlush } from '../lib/zlib-flush.js'
import { listen } from './helpers/server.js'

test('a source\'s headers and cookies before its first item are sent; after it, they throw', async (t) => {
  const app = Fastify()
  await app.register(replyKit)
  const thrown: unknown[] = []
  app.get('/export.csv', { config: { cache: 'public' } }, async (_req, reply) => reply.csv((async function * () {
    useReply().header('x-rows', 'counted').setCookie('export', 'started')
    yield { id: 1 }
    try {
      useReply().header('x-late', 'too late')
    } catch (error) {
      thrown.push(error)
    }
    try {
      useReply().setCookie('late', '1')
    } catch (error) {
      thrown.push(error)
    }
    yield { id: 2 }
  })(), { filename: 'e.csv' }))
  app.get('/early-fail', async (_req, reply) => reply.ndjson((async function * () {
    useReply().header('x-never', 'x')
    throw new Error('before the first row')
  })()))
  const base = await listen(t, app)

  const res = await request(`${base}/export.csv`)
  const body = await res.body.text()
  t.equal(body, 'id\r\n1\r\n2\r\n')
  t.equal(res.headers['x-rows'], 'counted', 'a header set before the first item')
  t.same(parseSetCookie(res.headers['set-cookie'] as string).map(c => [c.name, c.value, c.httpOnly]), [['export', 'started', true]])
  t.equal(res.headers['cache-control'], 'private, max-age=60', 'the cookie set inside the source downgrades the public policy')
  t.equal(res.headers['x-late'], undefined)
  t.same(thrown.map(e => (e as { code: string }).code), ['FST_REPLYKIT_HEADERS_SENT', 'FST_REPLYKIT_HEADERS_SENT'])
  t.match((thrown[0] as Error).message, /"x-late"/, 'the message names the header')
  t.match((thrown[1] as Error).message, /set-cookie/i, 'a late cookie names Set-Cookie')

  const early = await request(`${base}/early-fail`)
  t.equal(early.statusCode, 500, 'a failure before the first item is a normal error reply')
  t.equal(early.headers['content-disposition'], undefined, 'not a download')
  await early.body.text()
})

test('a client that leaves before the first item stops the source', async (t) => {
  const app = Fastify()
  await app.register(replyKit)
  let stopped: () => void
  const finallyRan = new Promise<void>(resolve => { stopped = resolve })
  app.get('/slow', async (_req, reply) => reply.stream(async function * (signal: AbortSignal) {
    try {
      await new Promise((resolve, reject) => { signal.addEventListener('abort', () => reject(new Error('aborted'))); setTimeout(resolve, 5000) })
      yield 'never'
    } finally {
      stopped()
    }
  }))
  const base = await listen(t, app)
  const controller = new AbortController()
  const pending = request(`${base}/slow`, { signal: controller.signal }).catch(() => 'aborted')
  setTimeout(() => { controller.abort() }, 100)
  t.equal(await pending, 'aborted')
  await finallyRan
  t.pass('the generator\'s finally ran')
})

test('withSyncFlush makes a zlib stream flush at that chunk', async (t) => {
  t.ok(canMarkFlush, 'this Node exposes the flush flag')
  for (const make of [createGzip, createDeflate]) {
    const zip = make()
    const out: Buffer[] = []
    zip.on('data', (chunk: Buffer) => out.push(chunk))
    zip.write(Buffer.from('ten bytes!'))
    zip.write(withSyncFlush(Buffer.from('a,b\r\n1,2\r\n')))
    // zlib works on the thread pool: wait for its output, without ending the stream.
    for (let i = 0; i < 50 && Buffer.concat(out).length <= 10; i++) await new Promise(resolve => setTimeout(resolve, 10))
    const flushed = Buffer.concat(out)
    t.ok(flushed.length > 10, `${make.name}: bytes out before the end`)
    if (make === createGzip) t.equal(gunzipSync(flushed, { finishFlush: constants.Z_SYNC_FLUSH }).toString(), 'ten bytes!a,b\r\n1,2\r\n')
    zip.destroy()
  }
})

test('headers({...}) after the first item throws too, naming the headers; a client gone during the first item stops the source', async (t) => {
  const app = Fastify()
  await app.register(replyKit)
  const thrown: Error[] = []
  let finished = false
  app.get('/many', async (_req, reply) => reply.ndjson((async function * () {
    yield { n: 1 }
    try {
      useReply().headers({ 'x-a': '1', 'x-b': '2' })
    } catch (error) {
      thrown.push(error as Error)
    }
    yield { n: 2 }
  })()))
  app.get('/deaf', async (_req, reply) => reply.stream((async function * () {
    try {
      // Ignores the signal: the client is gone by the time its first chunk is ready.
      await new Promise(resolve => setTimeout(resolve, 300))
      yield 'late'
    } finally {
      finished = true
    }
  })()))
  const base = await listen(t, app)
  t.equal(await (await request(`${base}/many`)).body.text(), '{"n":1}\n{"n":2}\n')
  t.match(thrown[0], { code: 'FST_REPLYKIT_HEADERS_SENT', message: /"x-a, x-b"/ })

  const controller = new AbortController()
  const pending = request(`${base}/deaf`, { signal: controller.signal }).catch(() => 'aborted')
  setTimeout(() => { controller.abort() }, 50)
  t.equal(await pending, 'aborted')
  const stopped = (): boolean => finished
  for (let i = 0; i < 50 && !stopped(); i++) await new Promise(resolve => setTimeout(resolve, 20))
  t.ok(stopped(), 'the source was stopped and never sent')
})

test('every batch a quiet source leaves waiting reaches the client, not only the first', async (t) => {
  const app = Fastify()
  await app.register(replyKit)
  const seenAt: number[] = []
  let release: () => void = () => {}
  app.get('/slow.ndjson', async (_req, reply) => reply.ndjson((async function * () {
    yield { n: 1 } // 8 bytes: a first write too short to be split for a compressor
    await new Promise<void>(resolve => { release = resolve })
    yield { n: 2 }
    await new Promise<void>(resolve => { release = resolve })
    yield { n: 3 }
  })(), { inline: true }))
  const base = await listen(t, app)
  const res = await request(`${base}/slow.ndjson`)
  let text = ''
  for await (const chunk of res.body) {
    text += String(chunk)
    seenAt.push(text.split('\n').length - 1)
    release() // the source goes on only once the client has the rows so far
  }
  t.equal(text, '{"n":1}\n{"n":2}\n{"n":3}\n')
  t.same(seenAt.slice(0, 2), [1, 2], 'each waiting row arrived before the source went on')
})
