// @fastify/compress beside the suite, registered before and after it, over a real socket: the
// guard still filters what gets compressed, ETag/304 hold for compressed answers (a 304 carries the
// `Vary: Accept-Encoding` of its 200 and no Content-Encoding), and CSV/NDJSON exports are
// compressed as they go, not buffered to the end.
import { test } from 'tap'
import { gunzipSync, createGunzip } from 'node:zlib'
import { setTimeout as sleep } from 'node:timers/promises'
import Fastify from 'fastify'
import fastifyCompress from '@fastify/compress'
import { request } from 'undici'
import { parse as parseCsv } from 'csv-parse/sync'
import CachePolicy from 'http-cache-semantics'
import replyKit from '../plugins/index.js'
import { listen } from './helpers/server.js'
import { appWith, ORDERS, type RegisterPeer } from './helpers/compat.js'

const userSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'name'],
  additionalProperties: false,
} as const

// threshold 0: even the small test bodies are compressed. customTypes adds NDJSON, which
// @fastify/compress does not count as compressible by default (mime-db does not list it).
const compress: RegisterPeer = async (app) => {
  await app.register(fastifyCompress, { threshold: 0, customTypes: /^text\/|^application\/(json|x-ndjson)\b|\+json\b/ })
}
const GZIP = { 'accept-encoding': 'gzip' }

/** The answer's body, gunzipped when it says it is gzip. */
function decoded (headers: Record<string, unknown>, body: Buffer): string {
  return (headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString()
}

async function bytes (body: { arrayBuffer: () => Promise<ArrayBuffer> }): Promise<Buffer> {
  return Buffer.from(await body.arrayBuffer())
}

for (const order of ORDERS) {
  test(`@fastify/compress registered ${order} the suite: the guard filters compressed JSON`, async (t) => {
    const app = await appWith(order, compress, { guard: { mode: 'warn' } })
    const row = { id: '1', name: 'Ada', password_hash: '$argon2id$secret' }
    app.get('/user', { schema: { response: { 200: userSchema } } }, async () => row)
    app.get('/user/raw', { schema: { response: { 200: userSchema } } }, async (_req, reply) => {
      reply.type('application/json')
      return JSON.stringify(row)
    })
    const url = await listen(t, app)
    for (const path of ['/user', '/user/raw']) {
      // Compress before the suite: its hook compresses the pre-serialized string before the guard
      // sees it; the guard decodes, filters and encodes it again.
      const res = await request(url + path, { headers: GZIP })
      t.equal(res.headers['content-encoding'], 'gzip', `${path} is compressed`)
      const text = decoded(res.headers, await bytes(res.body))
      t.equal(res.statusCode, 200, `${path} answers 200 (got ${res.statusCode}: ${text.slice(0, 200)})`)
      t.notMatch(text, 'argon2id', `${path}: the password_hash never leaves, compressed or not`)
      t.same(JSON.parse(text), { id: '1', name: 'Ada' }, `${path}: only the schema's fields leave`)
    }
  })

  test(`@fastify/compress registered ${order} the suite: ETag and 304 for compressed answers`, async (t) => {
    const app = await appWith(order, compress, { guard: { mode: 'warn' } })
    const post = { id: '7', name: 'A post body long enough to be worth compressing. '.repeat(20) }
    app.get('/post', { schema: { response: { 200: userSchema } }, config: { cache: { preset: 'public', etag: true } } }, async () => post)
    const url = await listen(t, app)

    const first = await request(url + '/post', { headers: GZIP })
    const body = await bytes(first.body)
    t.equal(first.statusCode, 200)
    t.equal(first.headers['content-encoding'], 'gzip')
    t.same(JSON.parse(decoded(first.headers, body)), post)
    t.match(first.headers.vary, /accept-encoding/i, 'the 200 varies on Accept-Encoding')
    const etag = first.headers.etag as string | undefined
    t.match(etag, /^(W\/)?"[^"]+"$/, `the compressed 200 carries an ETag (got ${String(etag)})`)

    const plain = await request(url + '/post')
    const plainBody = await bytes(plain.body)
    t.equal(plain.headers['content-encoding'], undefined)
    t.same(JSON.parse(plainBody.toString()), post)
    // A strong ETag must differ between the gzip and the identity representation; a weak one may
    // be shared (they are semantically equivalent).
    const plainTag = plain.headers.etag as string | undefined
    if (etag !== undefined && plainTag === etag) t.match(etag, /^W\//, 'one ETag for both encodings is a weak one')

    const again = await request(url + '/post', { headers: { ...GZIP, 'if-none-match': etag ?? '"none"' } })
    const againBody = await bytes(again.body)
    t.equal(again.statusCode, 304, `a matching If-None-Match is a 304 (got ${again.statusCode})`)
    t.equal(againBody.length, 0, '304 has no body')
    t.equal(again.headers['content-encoding'], undefined, `a 304 carries no Content-Encoding (got ${String(again.headers['content-encoding'])})`)
    t.match(again.headers.vary, /accept-encoding/i, `the 304 carries the Vary of its 200 (got ${String(again.headers.vary)})`)
    t.equal(again.headers['cache-control'], first.headers['cache-control'], 'the 304 carries the Cache-Control of its 200')
    t.equal(again.headers.etag, etag, 'the 304 carries the ETag of its 200')

    // http-cache-semantics: the stored gzip 200, revalidated with that 304, stays usable.
    const req = { url: '/post', method: 'GET', headers: GZIP }
    const stored = new CachePolicy(req, { status: 200, headers: first.headers as Record<string, string> }, { shared: true })
    const revalidation = stored.revalidationHeaders(req)
    t.equal(revalidation['if-none-match'], etag, 'a cache revalidates with the ETag it was given')
    const { modified } = stored.revalidatedPolicy(req, { status: again.statusCode, headers: again.headers as Record<string, string> })
    t.equal(modified, false, 'the cache reuses its gzip copy after the 304')
  })

  test(`@fastify/compress registered ${order} the suite: CSV and NDJSON are not buffered to the end`, { timeout: 30000 }, async (t) => {
    const app = await appWith(order, compress, { guard: { mode: 'warn' } })
    const gates: Record<string, () => void> = {}
    const releasedAt: Record<string, number> = {}
    // Ten rows, then the source waits (a slow query) until the client has seen them, or 1.5 s.
    const slowRows = (name: string) => async function * (): AsyncGenerator<Record<string, unknown>> {
      for (let id = 0; id < 10; id++) yield { id, title: `row ${id}` }
      await Promise.race([new Promise<void>(resolve => { gates[name] = resolve }), sleep(1500)])
      releasedAt[name] = performance.now()
      for (let id = 10; id < 20; id++) yield { id, title: `row ${id}` }
    }
    app.get('/export.csv', { config: { guard: false } }, (_req, reply) => reply.csv(slowRows('csv')))
    app.get('/export.ndjson', { config: { guard: false } }, (_req, reply) => reply.ndjson(slowRows('ndjson')))
    const url = await listen(t, app)

    for (const [name, path] of [['csv', '/export.csv'], ['ndjson', '/export.ndjson']] as const) {
      const res = await request(url + path, { headers: GZIP })
      t.equal(res.statusCode, 200, path)
      t.equal(res.headers['content-encoding'], 'gzip', `${path} is compressed`)
      const gunzip = createGunzip()
      let text = ''
      let firstRowsAt: number | undefined
      gunzip.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        if (firstRowsAt === undefined && text.includes('row 9')) {
          firstRowsAt = performance.now()
          gates[name]?.()
        }
      })
      res.body.on('data', (chunk: Buffer) => gunzip.write(chunk))
      await new Promise(resolve => res.body.on('end', () => gunzip.end(() => resolve(undefined))))
      const early = firstRowsAt !== undefined && releasedAt[name] !== undefined && firstRowsAt < releasedAt[name]
      t.ok(early, `${path}: the first rows reach the client while the source still waits ` +
        `(rows 0-9 seen ${firstRowsAt === undefined ? 'never' : `${Math.round(firstRowsAt - (releasedAt[name] ?? 0))} ms`} relative to the source going on)`)
      if (name === 'csv') {
        const rows = parseCsv(text, { columns: true }) as Array<{ id: string, title: string }>
        t.equal(rows.length, 20, 'every CSV row arrives')
        t.same(rows[19], { id: '19', title: 'row 19' })
      } else {
        const rows = text.trim().split('\n').map(line => JSON.parse(line) as { id: number })
        t.same(rows.map(row => row.id), Array.from({ length: 20 }, (_, id) => id), 'every NDJSON row arrives, in order')
      }
    }
  })
}

// The control: the same slow exports with no compression at all, to tell the suite's own row
// batching apart from gzip's buffering.
test('without @fastify/compress: CSV and NDJSON rows reach the client while the source waits', { timeout: 30000 }, async (t) => {
  const app = Fastify()
  await app.register(replyKit, { guard: { mode: 'warn' } })
  const gates: Record<string, () => void> = {}
  const releasedAt: Record<string, number> = {}
  const slowRows = (name: string) => async function * (): AsyncGenerator<Record<string, unknown>> {
    for (let id = 0; id < 10; id++) yield { id, title: `row ${id}` }
    await Promise.race([new Promise<void>(resolve => { gates[name] = resolve }), sleep(1500)])
    releasedAt[name] = performance.now()
    for (let id = 10; id < 20; id++) yield { id, title: `row ${id}` }
  }
  app.get('/export.csv', { config: { guard: false } }, (_req, reply) => reply.csv(slowRows('csv')))
  app.get('/export.ndjson', { config: { guard: false } }, (_req, reply) => reply.ndjson(slowRows('ndjson')))
  const url = await listen(t, app)
  for (const [name, path] of [['csv', '/export.csv'], ['ndjson', '/export.ndjson']] as const) {
    const res = await request(url + path)
    t.equal(res.headers['content-encoding'], undefined)
    let text = ''
    let firstRowsAt: number | undefined
    for await (const chunk of res.body) {
      text += String(chunk)
      if (firstRowsAt === undefined && text.includes('row 9')) {
        firstRowsAt = performance.now()
        gates[name]?.()
      }
    }
    const early = firstRowsAt !== undefined && releasedAt[name] !== undefined && firstRowsAt < releasedAt[name]
    t.ok(early, `${path}: the first rows arrive while the source still waits ` +
      `(rows 0-9 seen ${firstRowsAt === undefined ? 'never' : `${Math.round(firstRowsAt - (releasedAt[name] ?? 0))} ms`} relative to the source going on)`)
    t.match(text, /row 19/, `${path}: the whole export arrives`)
  }
})
