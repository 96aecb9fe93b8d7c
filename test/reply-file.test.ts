// reply.file over a real socket: headers, HEAD, ranges and conditional requests byte for byte,
// Content-Disposition read back with content-disposition's own parser, errors and bad options.
import { test } from 'tap'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { stat, utimes, writeFile, mkdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { parse } from 'content-disposition'
import { request } from 'undici'
import { listen } from './helpers/server.js'
import { fileApp, fileTree } from './helpers/reply-file.js'
import { recordOfConfig } from '../plugins/suite/route-record.js'

interface Answer { status: number, headers: IncomingHttpHeaders, body: Buffer }

/** A request sent as written (node:http does not normalize `..` or percent escapes in the path). */
function raw (base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode as number, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** An app whose `/files/*` route sends the wildcard from the root, and `/abs?p=` any path. */
async function serve (t: Parameters<typeof listen>[0], options = {}) {
  const tree = await fileTree(t)
  const app = await fileApp({ root: tree.root, ...options })
  app.get('/files/*', (request, reply) => reply.file((request.params as Record<string, string>)['*']))
  app.get('/download/*', (request, reply) => {
    const query = request.query as Record<string, string>
    return reply.file((request.params as Record<string, string>)['*'], {
      filename: query.filename, mediaType: query.type, inline: query.inline === '1',
    })
  })
  const base = await listen(t, app)
  return { ...tree, app, base }
}

test('GET sends the whole file with its headers', async (t) => {
  const { base, hello, root } = await serve(t)
  const res = await request(`${base}/files/hello.txt`)
  const body = await res.body.text()
  const info = await stat(join(root, 'hello.txt'))
  t.equal(res.statusCode, 200)
  t.equal(body, hello)
  t.equal(res.headers['content-length'], String(Buffer.byteLength(hello)))
  t.equal(res.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(res.headers['accept-ranges'], 'bytes')
  t.equal(res.headers['last-modified'], info.mtime.toUTCString())
  t.match(res.headers.etag, /^"[^"]+"$/, 'a strong ETag')
  t.equal(res.headers['cache-control'], 'private, no-cache', 'not the public, max-age=0 of static servers')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.same(parse(res.headers['content-disposition'] as string), { type: 'attachment', parameters: { filename: 'hello.txt' } })
})

test('binary files arrive byte for byte, with Content-Type from the extension', async (t) => {
  const { base, data } = await serve(t)
  const res = await request(`${base}/files/data.bin`)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/octet-stream')
  t.ok(Buffer.from(await res.body.arrayBuffer()).equals(data))
})

test('HEAD answers the headers without a body', async (t) => {
  const { base, data } = await serve(t)
  const res = await raw(base, '/files/data.bin', {}, 'HEAD')
  t.equal(res.status, 200)
  t.equal(res.headers['content-length'], String(data.length))
  t.equal(res.headers['accept-ranges'], 'bytes')
  t.ok(res.headers.etag)
  t.equal(res.body.length, 0)
  const ranged = await raw(base, '/files/data.bin', { range: 'bytes=0-9' }, 'HEAD')
  t.equal(ranged.status, 200, 'Range is defined for GET only')
  t.equal(ranged.headers['content-length'], String(data.length))
})

test('a single range is a 206 with exactly its bytes', async (t) => {
  const { base, data } = await serve(t)
  const size = data.length
  const cases: Array<[string, number, number]> = [
    ['bytes=0-9', 0, 9],
    ['bytes=100-100', 100, 100],
    ['bytes=-500', size - 500, size - 1],
    ['bytes=1000-', 1000, size - 1],
    ['bytes=5000-999999999', 5000, size - 1],
    ['bytes=-999999999', 0, size - 1],
    ['bytes=007-9', 7, 9],
    ['BYTES=1-2', 1, 2],
    ['bytes=0-5,3-10', 0, 10],
    ['bytes=10-20,0-9', 0, 20],
    ['bytes=0-1, ,2-3', 0, 3],
  ]
  for (const [header, start, end] of cases) {
    const res = await request(`${base}/files/data.bin`, { headers: { range: header } })
    const body = Buffer.from(await res.body.arrayBuffer())
    t.equal(res.statusCode, 206, header)
    t.equal(res.headers['content-range'], `bytes ${start}-${end}/${size}`, header)
    t.equal(res.headers['content-length'], String(end - start + 1), header)
    t.ok(body.equals(data.subarray(start, end + 1)), `${header}: the bytes of the range`)
  }
})

test('invalid, foreign or too many ranges get the whole file', async (t) => {
  const { base, data } = await serve(t)
  // 17 parts far apart: more than multipart answers carry (test/reply-file-ranges.test.ts has the rest).
  const many = 'bytes=' + Array.from({ length: 17 }, (_, i) => `${i * 5000}-${i * 5000 + 1}`).join(',')
  const headers = [
    'bytes=01a-5', 'bytes=--1', 'bytes=5-1', 'bytes=', 'bytes=-', 'bytes=1-2-3', 'bytes = 0-1', 'items=0-5',
    'bytes 0-5', many,
  ]
  for (const header of headers) {
    const res = await request(`${base}/files/data.bin`, { headers: { range: header } })
    const body = Buffer.from(await res.body.arrayBuffer())
    t.equal(res.statusCode, 200, header)
    t.equal(res.headers['content-range'], undefined, header)
    t.equal(res.headers['content-length'], String(data.length), header)
    t.ok(body.equals(data), `${header}: the whole file, never more`)
  }
})

test('an unsatisfiable range is a 416 with Content-Range: bytes */size', async (t) => {
  const { base, data } = await serve(t)
  for (const header of [`bytes=${data.length}-`, 'bytes=999999999-1000000000', 'bytes=-0']) {
    const res = await request(`${base}/files/data.bin`, { headers: { range: header } })
    t.equal(res.statusCode, 416, header)
    t.equal(res.headers['content-range'], `bytes */${data.length}`, header)
    t.equal((await res.body.arrayBuffer()).byteLength, 0)
  }
})

test('If-Range compares strongly', async (t) => {
  const { base, data, root } = await serve(t)
  const past = new Date('2024-01-02T03:04:05Z')
  await utimes(join(root, 'data.bin'), past, past)
  const first = await request(`${base}/files/data.bin`)
  await first.body.dump()
  const etag = first.headers.etag as string
  const lastModified = first.headers['last-modified'] as string
  const ranged = async (ifRange: string) => {
    const res = await request(`${base}/files/data.bin`, { headers: { range: 'bytes=0-9', 'if-range': ifRange } })
    return { status: res.statusCode, body: Buffer.from(await res.body.arrayBuffer()) }
  }
  const match = await ranged(etag)
  t.equal(match.status, 206, 'the same strong ETag: the range')
  t.ok(match.body.equals(data.subarray(0, 10)))
  for (const stale of [`W/${etag}`, '"other"', 'Tue, 02 Jan 2024 03:04:06 GMT', 'Mon, 01 Jan 2024 00:00:00 GMT', 'not a date']) {
    const res = await ranged(stale)
    t.equal(res.status, 200, `${stale}: the whole file`)
    t.ok(res.body.equals(data))
  }
  const byDate = await ranged(lastModified)
  t.equal(byDate.status, 206, 'the exact Last-Modified date: the range')

  // A file modified "now" (here: in the future) has a weak Last-Modified: a date cannot validate it.
  const future = new Date(Date.now() + 3600_000)
  await utimes(join(root, 'data.bin'), future, future)
  const fresh = await request(`${base}/files/data.bin`)
  await fresh.body.dump()
  const weakDate = await ranged(fresh.headers['last-modified'] as string)
  t.equal(weakDate.status, 200)
})

test('If-None-Match and If-Modified-Since answer 304; If-Match failures 412', async (t) => {
  const { base } = await serve(t)
  const first = await request(`${base}/files/hello.txt`)
  await first.body.dump()
  const etag = first.headers.etag as string
  const lastModified = first.headers['last-modified'] as string
  const get = async (headers: Record<string, string>) => {
    const res = await request(`${base}/files/hello.txt`, { headers })
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() }
  }
  const fresh: Array<Record<string, string>> = [{ 'if-none-match': etag }, { 'if-none-match': `W/${etag}` }, { 'if-none-match': `"x", ${etag}` },
    { 'if-none-match': '*' }, { 'if-modified-since': lastModified }, { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() }]
  for (const headers of fresh) {
    const res = await get(headers)
    t.equal(res.status, 304, JSON.stringify(headers))
    t.equal(res.body, '')
    t.equal(res.headers.etag, etag)
    t.equal(res.headers['cache-control'], 'private, no-cache')
    t.equal(res.headers['content-disposition'], undefined)
  }
  const stale: Array<Record<string, string>> = [{ 'if-none-match': '"other"' }, { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' },
    { 'if-none-match': '"other"', 'if-modified-since': lastModified }]
  for (const headers of stale) {
    t.equal((await get(headers)).status, 200, JSON.stringify(headers))
  }
  t.equal((await get({ 'if-match': '"other"' })).status, 412)
  t.equal((await get({ 'if-match': etag })).status, 200)
  t.equal((await get({ 'if-none-match': etag, range: 'bytes=0-1' })).status, 304, 'a cached copy wins over a range')
})

test('filename, mediaType and inline options', async (t) => {
  const { base } = await serve(t)
  const get = async (query: string) => {
    const res = await request(`${base}/download/hello.txt?${query}`)
    await res.body.dump()
    return res.headers
  }
  let headers = await get(`filename=${encodeURIComponent('Résumé 2024.csv')}`)
  t.same(parse(headers['content-disposition'] as string), { type: 'attachment', parameters: { filename: 'Résumé 2024.csv' } })
  t.match(headers['content-disposition'], 'filename="Resume 2024.csv"', 'transliterated ASCII fallback')
  t.equal(headers['content-type'], 'text/csv; charset=utf-8', 'type from the download name')
  headers = await get('type=application/pdf')
  t.equal(headers['content-type'], 'application/pdf')
  headers = await get('type=text/markdown')
  t.equal(headers['content-type'], 'text/markdown; charset=utf-8')
  headers = await get(`type=${encodeURIComponent('text/plain; charset=latin1')}`)
  t.equal(headers['content-type'], 'text/plain; charset=latin1')
  headers = await get('inline=1')
  t.same(parse(headers['content-disposition'] as string), { type: 'inline', parameters: { filename: 'hello.txt' } })
  t.equal(headers['x-content-type-options'], 'nosniff')
})

test('a non-ASCII file name travels in filename*', async (t) => {
  const { base } = await serve(t)
  const res = await request(`${base}/files/${encodeURIComponent('été.csv')}`)
  t.equal(await res.body.text(), 'a,b\n1,2\n')
  const header = res.headers['content-disposition'] as string
  t.equal(header, 'attachment; filename="ete.csv"; filename*=UTF-8\'\'%C3%A9t%C3%A9.csv')
  t.equal(parse(header).parameters.filename, 'été.csv')
})

test('a Content-Type the handler set is kept; mediaType wins over it', async (t) => {
  const { root } = await fileTree(t)
  const app = await fileApp({ root })
  app.get('/set', (_request, reply) => reply.type('text/x-custom').file('hello.txt'))
  app.get('/both', (_request, reply) => reply.type('text/x-custom').file('hello.txt', { mediaType: 'text/other' }))
  const base = await listen(t, app)
  const set = await request(`${base}/set`)
  await set.body.dump()
  t.equal(set.headers['content-type'], 'text/x-custom')
  const both = await request(`${base}/both`)
  await both.body.dump()
  t.equal(both.headers['content-type'], 'text/other; charset=utf-8')
})

test('Cache-Control: private, no-cache without a policy; the route\'s policy otherwise', async (t) => {
  const { root } = await fileTree(t)
  const app = await fileApp({ root })
  // What the cacheControl plugin does for a route with a policy: the record names its header.
  app.addHook('onRoute', (routeOptions) => {
    if (routeOptions.url === '/policy') {
      const record = recordOfConfig(routeOptions.config)
      if (record !== undefined) record.cache = 'public, max-age=300'
    }
  })
  app.get('/none', (_request, reply) => reply.file('hello.txt'))
  app.get('/header', (_request, reply) => reply.header('cache-control', 'no-store').file('hello.txt'))
  app.get('/policy', { onSend: async (_request, reply, payload) => { reply.header('cache-control', 'public, max-age=300'); return payload } },
    (_request, reply) => reply.file('hello.txt'))
  const base = await listen(t, app)
  for (const [path, expected] of [['/none', 'private, no-cache'], ['/header', 'no-store'], ['/policy', 'public, max-age=300']]) {
    const res = await request(base + path)
    await res.body.dump()
    t.equal(res.headers['cache-control'], expected, path)
  }
})

test('the route record says the route answered through reply.file', async (t) => {
  const { root } = await fileTree(t)
  const app = await fileApp({ root })
  let seen: string | undefined
  app.get('/f', { onResponse: async (request) => { seen = recordOfConfig(request.routeOptions.config)?.helper } },
    (_request, reply) => reply.file('hello.txt'))
  const res = await app.inject('/f')
  t.equal(res.statusCode, 200)
  t.equal(seen, 'file')
})

test('a missing file, a folder, a FIFO and a socket are 404 FST_REPLYKIT_FILE_NOT_FOUND', async (t) => {
  const { base, root } = await serve(t)
  const { execFileSync } = await import('node:child_process')
  execFileSync('mkfifo', [join(root, 'fifo')])
  const { createServer } = await import('node:net')
  const unix = createServer()
  await new Promise<void>((resolve) => unix.listen(join(root, 'socket'), resolve))
  t.teardown(() => { unix.close() })
  for (const path of ['missing.txt', 'sub', 'sub/', 'hello.txt/x', 'fifo', 'socket', 'x'.repeat(300)]) {
    const res = await raw(base, `/files/${path}`)
    t.equal(res.status, 404, path)
    t.equal(JSON.parse(res.body.toString()).code, 'FST_REPLYKIT_FILE_NOT_FOUND', path)
    t.equal(res.headers['content-disposition'], undefined, `${path}: no download headers on an error`)
  }
})

test('hostile paths are refused and never read', async (t) => {
  const { base, secret } = await serve(t)
  const hostile = [
    '../outside/secret.txt',
    '..%2foutside%2fsecret.txt',
    '%2e%2e/outside/secret.txt',
    '%2E%2E%2Foutside%2Fsecret.txt',
    '%252e%252e/outside/secret.txt',
    'sub/../../outside/secret.txt',
    'sub/%2e%2e/%2e%2e/outside/secret.txt',
    '..%5coutside%5csecret.txt',
    'sub%5c..%5c..%5coutside%5csecret.txt',
    '%2Fetc%2Fpasswd',
    '/etc/passwd',
    'hello.txt%00.png',
    '.env',
    '.%2f.env',
    'link-out',
    'dir-out/secret.txt',
  ]
  for (const path of hostile) {
    const res = await raw(base, `/files/${path}`)
    t.ok(res.status === 403 || res.status === 404, `${path}: ${res.status}`)
    // A path the router does not match at all gets Fastify's own 404 (no code): also never read.
    const code = JSON.parse(res.body.toString()).code
    if (code !== undefined) t.match(code, /^FST_REPLYKIT_FILE_(FORBIDDEN|NOT_FOUND)$/, path)
    t.notOk(res.body.toString().includes(secret), `${path}: the secret never leaves`)
  }
  const link = await raw(base, '/files/link-out')
  t.equal(link.status, 403, 'a link out of the root is forbidden')
  const inside = await raw(base, '/files/link-in')
  t.equal(inside.status, 200, 'a link inside the root is followed')
  t.equal(inside.body.toString(), 'Hello, file!\n')
  t.same(parse(inside.headers['content-disposition'] as string).parameters, { filename: 'link-in' }, 'named as asked')
})

test('hostile paths given to reply.file directly', async (t) => {
  const { root, secret } = await fileTree(t)
  const app = await fileApp({ root })
  const paths = ['..', '../outside/secret.txt', './.env', 'sub/../hello.txt', 'hello.txt/', 'sub/', '/etc/passwd', 'hello.txt\0', '\0', 'sub\\..\\hello.txt', '..\\outside\\secret.txt',
    'C:\\Windows\\win.ini', '%2e%2e', '..%2f', 'link-out', 'dir-out/secret.txt', '.', '']
  app.get('/', (request, reply) => reply.file((request.query as { p: string }).p))
  for (const path of paths) {
    app.get(`/direct-${paths.indexOf(path)}`, (_request, reply) => reply.file(path))
  }
  for (const [i, path] of paths.entries()) {
    const res = await app.inject(`/direct-${i}`)
    t.ok(res.statusCode === 403 || res.statusCode === 404, `${JSON.stringify(path)}: ${res.statusCode}`)
    t.notOk(res.body.includes(secret), JSON.stringify(path))
  }
})

test('file names with percent signs are not decoded twice', async (t) => {
  const { root } = await fileTree(t)
  await writeFile(join(root, 'a%20b.txt'), 'percent')
  await writeFile(join(root, 'a b.txt'), 'space')
  await writeFile(join(root, '100%.txt'), 'hundred')
  const app = await fileApp({ root })
  app.get('/pct', (_request, reply) => reply.file('a%20b.txt'))
  app.get('/hundred', (_request, reply) => reply.file('100%.txt'))
  t.equal((await app.inject('/pct')).body, 'percent')
  t.equal((await app.inject('/hundred')).body, 'hundred')
})

test('without a root, the application\'s own path is used as given', async (t) => {
  const { root, hello } = await fileTree(t)
  const app = await fileApp()
  const absolute = join(root, 'hello.txt')
  app.get('/abs', (_request, reply) => reply.file(absolute))
  app.get('/rel', (_request, reply) => reply.file(relative(process.cwd(), absolute)))
  app.get('/empty', (_request, reply) => reply.file(''))
  app.get('/nul', (_request, reply) => reply.file(absolute + '\0'))
  const { symlink } = await import('node:fs/promises')
  await symlink(join(root, 'loop-a'), join(root, 'loop-b'))
  await symlink(join(root, 'loop-b'), join(root, 'loop-a'))
  app.get('/loop', (_request, reply) => reply.file(join(root, 'loop-a')))
  t.equal((await app.inject('/abs')).body, hello)
  // Without a root, `..` is refused whoever wrote it (issue 17): a request value often ends up in such a path.
  t.equal((await app.inject('/rel')).statusCode, 403)
  t.equal((await app.inject('/empty')).statusCode, 404)
  t.equal((await app.inject('/nul')).statusCode, 403)
  const loop = await app.inject('/loop')
  t.equal(loop.statusCode, 403)
  t.equal(loop.json().code, 'FST_REPLYKIT_FILE_FORBIDDEN')
})

test('a per-call root', async (t) => {
  const { root, outside, secret } = await fileTree(t)
  const app = await fileApp({ root })
  app.get('/other', (_request, reply) => reply.file('secret.txt', { root: outside }))
  app.get('/escape', (_request, reply) => reply.file('../root/hello.txt', { root: outside }))
  app.get('/missing-root', (_request, reply) => reply.file('x.txt', { root: join(outside, 'nope') }))
  app.get('/file-root', (_request, reply) => reply.file('x.txt', { root: join(outside, 'secret.txt') }))
  app.get('/many/:n', async (request, reply) => {
    const dir = join(outside, `d${(request.params as { n: string }).n}`)
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'f.txt'), dir)
    return reply.file('f.txt', { root: dir })
  })
  t.equal((await app.inject('/other')).body, secret)
  t.equal((await app.inject('/other')).body, secret, 'twice: the root\'s real path is kept')
  t.equal((await app.inject('/escape')).statusCode, 403)
  for (const path of ['/missing-root', '/file-root']) {
    const res = await app.inject(path)
    t.equal(res.statusCode, 500, path)
    t.equal(res.json().code, 'FST_REPLYKIT_BAD_OPTION', path)
    t.match(res.json().message, /root/, path)
  }
  for (let n = 0; n < 70; n++) {
    t.equal((await app.inject(`/many/${n}`)).body, join(outside, `d${n}`))
  }
})

test('the root option must be an existing folder', async (t) => {
  const { root } = await fileTree(t)
  for (const bad of [join(root, 'nope'), join(root, 'hello.txt')]) {
    const app = await fileApp({ root: bad }).catch((err: Error & { code?: string }) => err)
    t.ok(app instanceof Error, bad)
    t.equal((app as Error & { code?: string }).code, 'FST_REPLYKIT_BAD_OPTION')
    t.match((app as Error).message, /root/)
  }
})

test('bad arguments are a clear 500 FST_REPLYKIT_BAD_OPTION', async (t) => {
  const { root } = await fileTree(t)
  const app = await fileApp({ root })
  const calls: Record<string, (reply: import('fastify').FastifyReply) => unknown> = {
    path: (reply) => reply.file(42 as unknown as string),
    filename: (reply) => reply.file('hello.txt', { filename: 7 as unknown as string }),
    mediaType: (reply) => reply.file('hello.txt', { mediaType: 'text/plain\r\nx-evil: 1' }),
    mediaTypeWord: (reply) => reply.file('hello.txt', { mediaType: 'plain' }),
    mediaTypeNumber: (reply) => reply.file('hello.txt', { mediaType: 5 as unknown as string }),
  }
  for (const [name, call] of Object.entries(calls)) {
    app.get(`/${name}`, (_request, reply) => call(reply))
  }
  for (const name of Object.keys(calls)) {
    const res = await app.inject(`/${name}`)
    t.equal(res.statusCode, 500, name)
    t.equal(res.json().code, 'FST_REPLYKIT_BAD_OPTION', name)
    t.equal(res.headers['x-evil'], undefined)
  }
})

test('a file deleted while it is requested: the whole file or a clean 404, nothing in between', async (t) => {
  const { root } = await fileTree(t)
  const app = await fileApp({ root })
  app.get('/f/:name', (request, reply) => reply.file((request.params as { name: string }).name))
  const base = await listen(t, app)
  const { unlink } = await import('node:fs/promises')
  const content = Buffer.alloc(256 * 1024, 'x')
  const outcomes = new Set<number>()
  for (let i = 0; i < 30; i++) {
    await writeFile(join(root, `gone-${i}.bin`), content)
    const pending = raw(base, `/f/gone-${i}.bin`)
    await unlink(join(root, `gone-${i}.bin`))
    const res = await pending
    outcomes.add(res.status)
    if (res.status === 200) {
      t.ok(res.body.equals(content), 'a 200 is the whole file')
    } else {
      t.equal(res.status, 404)
      t.equal(JSON.parse(res.body.toString()).code, 'FST_REPLYKIT_FILE_NOT_FOUND')
    }
  }
  t.ok(outcomes.size >= 1)
})

test('an empty file', async (t) => {
  const { root } = await fileTree(t)
  await writeFile(join(root, 'empty.txt'), '')
  const app = await fileApp({ root })
  app.get('/e', (_request, reply) => reply.file('empty.txt'))
  const base = await listen(t, app)
  const res = await request(`${base}/e`)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-length'], '0')
  t.equal(await res.body.text(), '')
  const ranged = await request(`${base}/e`, { headers: { range: 'bytes=0-' } })
  await ranged.body.dump()
  t.equal(ranged.statusCode, 416)
  t.equal(ranged.headers['content-range'], 'bytes */0')
})

test('many different download names (the header cache stays bounded)', async (t) => {
  const { root } = await fileTree(t)
  const app = await fileApp({ root })
  app.get('/n/:i', (request, reply) => reply.file('hello.txt', { filename: `name-${(request.params as { i: string }).i}.txt` }))
  for (let i = 0; i < 1010; i++) {
    const res = await app.inject(`/n/${i}`)
    if (parse(res.headers['content-disposition'] as string).parameters.filename !== `name-${i}.txt`) {
      t.fail(`download ${i} has the wrong name`)
      return
    }
  }
  const again = await app.inject('/n/5')
  t.equal(parse(again.headers['content-disposition'] as string).parameters.filename, 'name-5.txt')
})

test('a HEAD route of its own gets the same headers', async (t) => {
  const { root, data } = await fileTree(t)
  const app = await fileApp({ root })
  app.head('/h', (_request, reply) => reply.file('data.bin'))
  const base = await listen(t, app)
  const res = await raw(base, '/h', {}, 'HEAD')
  t.equal(res.status, 200)
  t.equal(res.headers['content-length'], String(data.length))
  t.equal(res.body.length, 0)
})
