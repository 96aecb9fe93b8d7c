// reply.file of a Buffer, a Uint8Array or a stream (Node or Web) over a real socket: the headers,
// HEAD, conditional GET and Range of a disk file; `etag: 'content'` agreeing across two servers
// over two copies with different mtimes; and the guard for paths used without any root (issue 17).
import { test } from 'tap'
import { copyFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import Fastify from 'fastify'
import { parse } from 'content-disposition'
import { request } from 'undici'
import { replyHelpers } from '../plugins/reply-helpers.js'
import { listen } from './helpers/server.js'
import { fileApp, fileTree } from './helpers/reply-file.js'
import { tempDir } from './helpers/temp.js'

const PDF = Buffer.from('%PDF-1.7 generated report '.repeat(100))
const WHEN = new Date('2024-05-06T07:08:09.500Z')

async function get (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') {
  const res = await request(url, { method, headers })
  return { status: res.statusCode, headers: res.headers as Record<string, string>, body: Buffer.from(await res.body.arrayBuffer()) }
}

test('a Buffer, a Uint8Array and streams are served like a disk file', async (t) => {
  const app = await fileApp()
  let destroyed = 0
  const nodeStream = () => {
    const stream = Readable.from([PDF.subarray(0, 1000), PDF.subarray(1000)])
    stream.on('close', () => { destroyed++ })
    return stream
  }
  app.get('/buffer', (_request, reply) => reply.file(PDF, { filename: 'report.pdf', lastModified: WHEN }))
  app.get('/bytes', (_request, reply) => reply.file(new Uint8Array(PDF), { filename: 'report.pdf' }))
  app.get('/stream', (_request, reply) => reply.file(nodeStream(), { filename: 'report.pdf', size: PDF.length, lastModified: WHEN }))
  app.get('/web', (_request, reply) => reply.file(Readable.toWeb(Readable.from([PDF])) as ReadableStream, { filename: 'report.pdf', size: PDF.length }))
  app.get('/unsized', (_request, reply) => reply.file(nodeStream(), { filename: 'report.pdf', inline: true }))
  app.get('/nameless', (_request, reply) => reply.file(PDF))
  app.get('/inline', (_request, reply) => reply.file(PDF, { inline: true }))
  app.get('/hashed', (_request, reply) => reply.file(PDF, { lastModified: WHEN, etag: 'content' }))
  app.get('/generator', (_request, reply) => reply.file((async function * () { yield 'x' })() as unknown as Readable, { size: 1 }))
  app.get('/empty', (_request, reply) => reply.file(Readable.from([]), { size: 0, filename: 'empty.txt' }))
  app.setNotFoundHandler((_request, reply) => reply.file(PDF, { lastModified: WHEN, filename: 'fallback.pdf' }))
  const base = await listen(t, app)
  t.equal((await get(`${base}/inline`)).headers['content-disposition'], 'inline')
  t.match((await get(`${base}/hashed`)).headers.etag, /^"[A-Za-z0-9_-]{43}"$/, "etag: 'content' on a Buffer with a time")
  t.equal((await get(`${base}/generator`)).body.toString(), 'x', 'any async iterable')
  t.equal((await get(`${base}/generator`, {}, 'HEAD')).headers['content-length'], '1')
  const empty = await get(`${base}/empty`)
  t.equal(empty.status, 200)
  t.equal(empty.headers['content-length'], '0')
  t.equal((await get(`${base}/not-a-route`, { 'if-match': '"x"' })).status, 412, 'outside a route too')

  const buffer = await get(`${base}/buffer`)
  t.equal(buffer.status, 200)
  t.ok(buffer.body.equals(PDF))
  t.equal(buffer.headers['content-type'], 'application/pdf')
  t.equal(buffer.headers['content-length'], String(PDF.length))
  t.equal(buffer.headers['last-modified'], 'Mon, 06 May 2024 07:08:09 GMT')
  t.equal(buffer.headers['accept-ranges'], 'bytes')
  t.equal(buffer.headers['cache-control'], 'private, no-cache')
  t.equal(buffer.headers['x-content-type-options'], 'nosniff')
  t.same(parse(buffer.headers['content-disposition']), { type: 'attachment', parameters: { filename: 'report.pdf' } })
  t.match(buffer.headers.etag, /^"[0-9a-f]+-[0-9a-f]+"$/, 'size-mtime by default')

  const bytes = await get(`${base}/bytes`)
  t.ok(bytes.body.equals(PDF))
  t.match(bytes.headers.etag, /^"[A-Za-z0-9_-]{43}"$/, 'no time: a content ETag')
  t.equal(bytes.headers['last-modified'], undefined)

  for (const path of ['/buffer', '/stream']) {
    t.equal((await get(base + path, { 'if-none-match': buffer.headers.etag })).status, 304, `${path}: If-None-Match`)
    const since = await get(base + path, { 'if-modified-since': 'Mon, 06 May 2024 07:08:09 GMT' })
    t.equal(since.status, 304, `${path}: If-Modified-Since at second precision`)
    t.equal(since.body.length, 0)
    t.equal((await get(base + path, { 'if-match': '"other"' })).status, 412, `${path}: If-Match`)
    const head304 = await get(base + path, { 'if-none-match': buffer.headers.etag }, 'HEAD')
    t.equal(head304.status, 304, `${path}: HEAD 304`)
    t.equal(head304.headers['content-length'], undefined, `${path}: a HEAD 304 has no Content-Length`)
    t.equal(head304.headers['last-modified'], undefined, 'no Last-Modified beside an ETag on a 304')
    const head = await get(base + path, {}, 'HEAD')
    t.equal(head.headers['content-length'], String(PDF.length), `${path}: HEAD`)
    t.equal(head.body.length, 0)
    const range = await get(base + path, { range: 'bytes=10-19' })
    t.equal(range.status, 206, `${path}: Range`)
    t.ok(range.body.equals(PDF.subarray(10, 20)))
  }
  t.equal((await get(`${base}/bytes`, { 'if-none-match': bytes.headers.etag })).status, 304)

  const stream = await get(`${base}/stream`)
  t.ok(stream.body.equals(PDF))
  t.equal(stream.headers.etag, buffer.headers.etag, 'the same size and time: the same validator as the Buffer')
  const web = await get(`${base}/web`)
  t.ok(web.body.equals(PDF))
  t.equal(web.headers['content-length'], String(PDF.length))
  t.equal((await get(`${base}/web`, {}, 'HEAD')).status, 200, 'a Web stream left unread is cancelled')

  const unsized = await get(`${base}/unsized`, { range: 'bytes=0-9' })
  t.equal(unsized.status, 200, 'no size: no Range')
  t.ok(unsized.body.equals(PDF))
  t.equal(unsized.headers['accept-ranges'], 'none')
  t.equal(unsized.headers['content-length'], undefined)
  t.equal(unsized.headers['transfer-encoding'], 'chunked')
  t.equal(unsized.headers.etag, undefined, 'no size or time: no validator')
  t.equal(parse(unsized.headers['content-disposition']).type, 'inline')

  const nameless = await get(`${base}/nameless`)
  t.equal(nameless.headers['content-disposition'], 'attachment')
  t.equal(nameless.headers['content-type'], 'application/octet-stream')

  const before = destroyed
  t.equal((await get(`${base}/stream`, { 'if-none-match': buffer.headers.etag })).status, 304)
  await new Promise(resolve => setImmediate(resolve))
  t.equal(destroyed, before + 1, 'a stream answered by a 304 is destroyed, not left open')
})

test("etag: 'content' agrees across two servers over copies with different mtimes", async (t) => {
  const dirA = await tempDir(t, 'etag-a-')
  const dirB = await tempDir(t, 'etag-b-')
  await writeFile(join(dirA, 'app.js'), 'console.log("build 42")\n'.repeat(5000))
  await copyFile(join(dirA, 'app.js'), join(dirB, 'app.js'))
  await utimes(join(dirA, 'app.js'), new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:00:00Z'))
  await utimes(join(dirB, 'app.js'), new Date('2024-02-02T00:00:00Z'), new Date('2024-02-02T00:00:00Z'))
  const server = async (root: string, etag?: 'content' | 'size-mtime') => {
    const app = Fastify()
    await app.register(replyHelpers, etag === undefined ? { root } : { root, etag })
    app.get('/app.js', (_request, reply) => reply.file('app.js'))
    app.get('/per-call', (_request, reply) => reply.file('app.js', { etag: 'content' }))
    return listen(t, app)
  }
  const [a, b, plainA, plainB] = await Promise.all([server(dirA, 'content'), server(dirB, 'content'), server(dirA), server(dirB)])
  const fromA = await get(`${a}/app.js`)
  const fromB = await get(`${b}/app.js`)
  t.match(fromA.headers.etag, /^"[A-Za-z0-9_-]{43}"$/, 'strong')
  t.equal(fromA.headers.etag, fromB.headers.etag, 'the same ETag on both servers')
  t.not(fromA.headers['last-modified'], fromB.headers['last-modified'])
  const failover = await get(`${b}/app.js`, { 'if-none-match': fromA.headers.etag, 'if-modified-since': fromA.headers['last-modified'] })
  t.equal(failover.status, 304, 'a client moved to the other server revalidates with a 304')
  t.equal((await get(`${plainB}/per-call`)).headers.etag, fromA.headers.etag, 'per call')
  const defaultA = (await get(`${plainA}/app.js`)).headers.etag
  const defaultB = (await get(`${plainB}/app.js`)).headers.etag
  t.not(defaultA, defaultB, 'the default stays size-mtime, which differs')
  t.equal((await get(`${plainB}/app.js`, { 'if-none-match': defaultA })).status, 200)
  const resume = await get(`${b}/app.js`, { range: 'bytes=0-9', 'if-range': fromA.headers.etag })
  t.equal(resume.status, 206, 'a download resumed on the other server')
  // A changed file gets a new ETag: the cache is keyed by size and mtime too.
  await writeFile(join(dirA, 'app.js'), 'console.log("build 43")\n'.repeat(5000))
  t.not((await get(`${a}/app.js`)).headers.etag, fromA.headers.etag)
})

test('bad sources and options are FST_REPLYKIT_BAD_OPTION', async (t) => {
  const app = await fileApp()
  const cases: Array<[string, unknown, object, RegExp]> = [
    ['number', 42, {}, /file source/],
    ['null', null, {}, /file source/],
    ['size', PDF, { size: -1 }, /file size/],
    ['size-float', PDF, { size: 1.5 }, /file size/],
    ['date', PDF, { lastModified: 'yesterday' }, /file lastModified/],
    ['bad-date', PDF, { lastModified: new Date('x') }, /file lastModified/],
    ['etag', PDF, { etag: 'weak' }, /file etag/],
    ['stream-content', Readable.from(['x']), { etag: 'content' }, /'content' needs the bytes/],
  ]
  for (const [name, source, options] of cases) app.get(`/${name}`, (_request, reply) => reply.file(source as Buffer, options))
  for (const [name, , , message] of cases) {
    const res = await app.inject(`/${name}`)
    t.equal(res.statusCode, 500, name)
    t.equal(res.json().code, 'FST_REPLYKIT_BAD_OPTION', name)
    t.match(res.json().message, message, name)
  }
})

test('without any root: no traversal, no absolute request paths, a warning once per route', async (t) => {
  const { hello, root } = await fileTree(t)
  const lines: Array<{ level: number, msg: string }> = []
  const stream = new Writable({ write (chunk, _e, done) { lines.push(JSON.parse(String(chunk))); done() } })
  const app = Fastify({ logger: { level: 'warn', stream } })
  await app.register(replyHelpers)
  app.get('/files/*', (request, reply) => reply.file((request.params as Record<string, string>)['*']))
  app.get('/q', (request, reply) => reply.file((request.query as { p: string }).p))
  app.get('/own', (_request, reply) => reply.file(join(root, 'hello.txt')))
  app.get('/last', (request, reply) => reply.file(([] as string[]).concat((request.query as { p: string[] }).p).at(-1) as string))
  const base = await listen(t, app)
  for (const path of ['..%2F..%2Fetc%2Fhostname', '%2Fetc%2Fhostname', '..%2F..%2F..%2F..%2F..%2Fetc%2Fhostname', '%2e%2e/%2e%2e/etc/hostname',
    '..%5c..%5cetc%5chostname', 'a%00b', '%252e%252e%252fetc%252fhostname']) {
    const res = await get(`${base}/files/${path}`)
    t.ok(res.status === 403 || res.status === 404, `${path}: ${res.status}`)
    t.notOk(res.body.toString().includes('"statusCode":200'), path)
  }
  t.equal((await get(`${base}/q?p=${encodeURIComponent('/etc/hostname')}`)).status, 403, 'an absolute path from the query')
  t.equal((await get(`${base}/q?p=${encodeURIComponent('../../etc/hostname')}`)).status, 403)
  t.equal((await get(`${base}/last?p=x&p=${encodeURIComponent('/etc/hostname')}`)).status, 403, 'one value of a repeated query parameter')
  const own = await get(`${base}/own`)
  t.equal(own.status, 200, "the application's own absolute path is still served")
  t.equal(own.body.toString(), hello)
  await get(`${base}/own`)
  const warnings = lines.filter(line => line.level === 40)
  t.same(warnings.map(w => /GET \/(files\/\*|q|last|own):/.exec(w.msg)?.[1]), ['files/*', 'q', 'last', 'own'], 'once per route, naming it')
  t.match(warnings[0]!.msg, /without a root.*set the `root` option/)
})
