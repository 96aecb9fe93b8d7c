// Several ranges over a real socket: 206 multipart/byteranges read back with dicer (an independent
// multipart parser), coalescing, the 16-part cap, never more bytes than the file, the hostile
// headers (200 overlapping ranges, bytes=0-0,-1, ranges past the end), for files, Buffers and streams.
import { test } from 'tap'
import { Readable } from 'node:stream'
import { request } from 'undici'
import { listen } from './helpers/server.js'
import { fileApp, fileTree } from './helpers/reply-file.js'
import { parseByteranges } from './helpers/byteranges.js'

async function serve (t: Parameters<typeof listen>[0]) {
  const tree = await fileTree(t)
  const app = await fileApp({ root: tree.root })
  app.get('/files/*', (request, reply) => reply.file((request.params as Record<string, string>)['*']))
  app.get('/memory', (_request, reply) => reply.file(tree.data, { filename: 'data.bin', lastModified: new Date('2024-01-01T00:00:00Z') }))
  app.get('/stream', (_request, reply) => reply.file(Readable.from(chunksOf(tree.data)), { filename: 'data.bin', size: tree.data.length }))
  app.get('/short-stream', (_request, reply) => reply.file(Readable.from(chunksOf(tree.data.subarray(0, 1000))), { filename: 'data.bin', size: tree.data.length }))
  const base = await listen(t, app)
  return { ...tree, base }
}

function * chunksOf (data: Buffer, size = 7000): Generator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size)
}

async function get (url: string, range: string) {
  const res = await request(url, { headers: { range } })
  return { status: res.statusCode, headers: res.headers as Record<string, string>, body: Buffer.from(await res.body.arrayBuffer()) }
}

test('several ranges: 206 multipart/byteranges, each part with its Content-Type and Content-Range', async (t) => {
  const { base, data } = await serve(t)
  const size = data.length
  for (const path of ['/files/data.bin', '/memory', '/stream']) {
    const res = await get(base + path, 'bytes=0-99,50000-50999,-100')
    t.equal(res.status, 206, path)
    t.match(res.headers['content-type'], /^multipart\/byteranges; boundary=[0-9a-f]{24}$/, path)
    t.equal(res.headers['content-length'], String(res.body.length), `${path}: exact Content-Length`)
    t.equal(res.headers['content-range'], undefined, 'no Content-Range on the whole message')
    t.equal(res.headers['accept-ranges'], 'bytes')
    t.ok(res.body.includes('\r\n--'), 'CRLF framing')
    const parts = await parseByteranges(res.body, res.headers['content-type'])
    t.same(parts.map(p => p.headers['content-range']), [[`bytes 0-99/${size}`], [`bytes 50000-50999/${size}`], [`bytes ${size - 100}-${size - 1}/${size}`]], path)
    t.same(parts.map(p => p.headers['content-type']), [['application/octet-stream'], ['application/octet-stream'], ['application/octet-stream']])
    t.ok(parts[0]!.data.equals(data.subarray(0, 100)), `${path}: first part's bytes`)
    t.ok(parts[1]!.data.equals(data.subarray(50000, 51000)), `${path}: second part's bytes`)
    t.ok(parts[2]!.data.equals(data.subarray(size - 100)), `${path}: suffix part's bytes`)
  }
})

test('overlapping and close ranges are coalesced; at most 16 parts; never more bytes than the file', async (t) => {
  const { base, data, hello } = await serve(t)
  const size = data.length
  const overlapping = 'bytes=' + Array.from({ length: 200 }, (_, i) => `${i * 10}-${i * 10 + 100}`).join(',')
  const merged = await get(`${base}/files/data.bin`, overlapping)
  t.equal(merged.status, 206, '200 overlapping ranges')
  t.equal(merged.headers['content-range'], `bytes 0-2090/${size}`, 'one range')
  t.ok(merged.body.equals(data.subarray(0, 2091)))

  const close = await get(`${base}/files/data.bin`, 'bytes=0-9,20-29')
  t.equal(close.headers['content-range'], `bytes 0-29/${size}`, 'a 10-byte gap is cheaper than a second part')

  const edges = await get(`${base}/files/data.bin`, 'bytes=0-0,-1')
  t.equal(edges.status, 206)
  const parts = await parseByteranges(edges.body, edges.headers['content-type'])
  t.same(parts.map(p => [...p.data]), [[data[0]], [data[size - 1]]], 'bytes=0-0,-1: the first and the last byte')

  const tiny = await get(`${base}/files/hello.txt`, 'bytes=0-0,-1')
  t.equal(tiny.status, 206)
  t.equal(tiny.headers['content-range'], `bytes 0-${hello.length - 1}/${hello.length}`, 'on a small file the gap is cheaper: one range')

  const seventeen = 'bytes=' + Array.from({ length: 17 }, (_, i) => `${i * 5000}-${i * 5000}`).join(',')
  const capped = await get(`${base}/files/data.bin`, seventeen)
  t.equal(capped.status, 200, '17 parts: the whole file')
  t.ok(capped.body.equals(data))
  const sixteen = await get(`${base}/files/data.bin`, 'bytes=' + Array.from({ length: 16 }, (_, i) => `${i * 5000}-${i * 5000}`).join(','))
  t.equal(sixteen.status, 206)
  t.equal((await parseByteranges(sixteen.body, sixteen.headers['content-type'])).length, 16)

  const past = await get(`${base}/files/data.bin`, `bytes=0-9,${size - 10}-${size + 5000},${size + 10}-${size + 20}`)
  t.equal(past.status, 206, 'ranges past the end are clamped or dropped')
  const pastParts = await parseByteranges(past.body, past.headers['content-type'])
  t.same(pastParts.map(p => p.headers['content-range']![0]), [`bytes 0-9/${size}`, `bytes ${size - 10}-${size - 1}/${size}`])
  const none = await get(`${base}/files/data.bin`, `bytes=${size}-,${size + 1}-${size + 9}`)
  t.equal(none.status, 416)
  t.equal(none.headers['content-range'], `bytes */${size}`)
})

test('If-Range guards multipart too; HEAD and Range on a stream of unknown size', async (t) => {
  const { base, data } = await serve(t)
  const first = await request(`${base}/memory`)
  await first.body.dump()
  const etag = first.headers.etag as string
  const fresh = await request(`${base}/memory`, { headers: { range: 'bytes=0-0,-1', 'if-range': etag } })
  await fresh.body.dump()
  t.equal(fresh.statusCode, 206)
  const stale = await request(`${base}/memory`, { headers: { range: 'bytes=0-0,-1', 'if-range': '"old"' } })
  t.equal(stale.statusCode, 200)
  t.ok(Buffer.from(await stale.body.arrayBuffer()).equals(data))
})

test('a stream shorter than its size never looks whole', async (t) => {
  const { base } = await serve(t)
  // The connection is cut: undici rejects instead of handing over a short body as complete.
  await t.rejects((async () => { const res = await request(`${base}/short-stream`); await res.body.arrayBuffer() })())
  await t.rejects((async () => { const res = await request(`${base}/short-stream`, { headers: { range: 'bytes=500-1500' } }); await res.body.arrayBuffer() })())
  await t.rejects((async () => { const res = await request(`${base}/short-stream`, { headers: { range: 'bytes=0-0,50000-50001' } }); await res.body.arrayBuffer() })())
})
