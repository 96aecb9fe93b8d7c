// reply.csv and reply.ndjson over real sockets, read back with csv-parse and JSON.parse.
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import { request } from 'undici'
import { parse as parseCsv } from 'csv-parse/sync'
import { parse as parseDisposition } from 'content-disposition'
import { Type } from '@sinclair/typebox'
import { replyHelpers } from '../plugins/reply-helpers.js'
import { recordOfConfig } from '../plugins/suite/route-record.js'
import type { ReplyHelpersOptions } from '../types/options.js'
import { listen } from './helpers/server.js'
import { rawGet, settled, until, waitFor } from './helpers/slow-client.js'

const User = Type.Object({ id: Type.Number(), name: Type.String(), joined: Type.Any(), note: Type.Any() })
const users = [
  { password: 'hunter2', note: '=cmd|calc', joined: new Date(Date.UTC(2024, 1, 29, 12)), name: 'Zoë "Z", jr.\nline two', id: 1 },
  { id: 2, name: '@admin', joined: null, note: undefined, token: 'abc' },
  { id: -3, name: '-1+1', joined: new Date(Date.UTC(2025, 0, 1)), note: 'tab\tinside' },
]

// undici's text() drops a BOM (TextDecoder does); read the bytes to see it.
async function bytesText (res: { body: { arrayBuffer: () => Promise<ArrayBuffer> } }): Promise<string> {
  return Buffer.from(await res.body.arrayBuffer()).toString('utf8')
}

async function serve (t: Parameters<typeof listen>[0], routes: (app: FastifyInstance) => void, options?: ReplyHelpersOptions): Promise<string> {
  const app = Fastify()
  await app.register(replyHelpers, options ?? {})
  routes(app)
  return listen(t, app)
}

test('CSV with a schema: its columns only, in its order, RFC 4180, formula escaping, Dates, null', async (t) => {
  let helper: string | undefined
  const base = await serve(t, (app) => {
    app.get('/users.csv', async (req, reply) => {
      reply.csv((async function * () { yield * users })(), { schema: User, filename: 'users.csv' })
      helper = recordOfConfig(req.routeOptions.config)?.helper
      return reply
    })
  })
  const res = await request(base + '/users.csv')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
  t.equal(parseDisposition(String(res.headers['content-disposition'])).parameters.filename, 'users.csv')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  const text = await bytesText(res)
  t.notMatch(text, /hunter2|abc|password|token/, 'fields outside the schema never reach the file')
  t.notOk(text.startsWith('\uFEFF'), 'no BOM by default')
  t.same(parseCsv(text), [
    ['id', 'name', 'joined', 'note'],
    ['1', 'Zoë "Z", jr.\nline two', '2024-02-29T12:00:00.000Z', "'=cmd|calc"],
    ['2', "'@admin", '', ''],
    ['-3', "'-1+1", '2025-01-01T00:00:00.000Z', 'tab\tinside'],
  ])
  t.ok(text.includes('\r\n'), 'CRLF line ends')
  t.equal(helper, 'csv', 'the route record names the helper')
})

test('CSV options: columns with headers, delimiter, BOM, header off, formulaEscape off', async (t) => {
  const base = await serve(t, (app) => {
    app.get('/columns', (_req, reply) => reply.csv(users, { columns: ['name', { key: 'id', header: 'User ID' }], delimiter: ';', bom: true }))
    app.get('/schema-columns', (_req, reply) => reply.csv(users, { schema: User, columns: ['id'], header: false, formulaEscape: false }))
    app.get('/first-row', (_req, reply) => reply.csv([{ b: 1, a: '=x' }, { a: 2, b: 3, c: 'dropped' }]))
    app.get('/arrays', (_req, reply) => reply.csv([[1, 'a,b'], [2, null, 'cut']], { columns: ['n', 's'] }))
    app.get('/arrays-bare', (_req, reply) => reply.csv([[1, 'x'], [2, 'y', 'z']]))
    app.get('/empty-schema', (_req, reply) => reply.csv([], { schema: User }))
    app.get('/empty', (_req, reply) => reply.csv([], null as never))
  }, { csv: { bom: true, formulaEscape: false } })

  const columns = await bytesText(await request(base + '/columns'))
  t.ok(columns.startsWith('\uFEFF'), 'BOM written')
  t.same(parseCsv(columns, { bom: true, delimiter: ';' }), [
    ['name', 'User ID'], ['Zoë "Z", jr.\nline two', '1'], ['@admin', '2'], ['-1+1', '-3'],
  ], 'plugin default formulaEscape: false applies')

  const schemaColumns = await bytesText(await request(base + '/schema-columns'))
  t.same(parseCsv(schemaColumns, { bom: true }), [['1'], ['2'], ['-3']])
  t.ok(schemaColumns.startsWith('\uFEFF'), 'plugin default bom: true applies')

  t.same(parseCsv(await (await request(base + '/first-row')).body.text(), { bom: true }), [['b', 'a'], ['1', '=x'], ['3', '2']])
  t.same(parseCsv(await (await request(base + '/arrays')).body.text(), { bom: true }), [['n', 's'], ['1', 'a,b'], ['2', '']])
  t.same(parseCsv(await (await request(base + '/arrays-bare')).body.text(), { bom: true, relax_column_count: true }), [['1', 'x'], ['2', 'y', 'z']])
  t.equal(await bytesText(await request(base + '/empty-schema')), '\uFEFFid,name,joined,note\r\n', 'a header only')
  t.equal(await bytesText(await request(base + '/empty')), '\uFEFF', 'no rows and no columns: nothing but the BOM')
})

test('CSV bad input: a clear FST_REPLYKIT_* error', async (t) => {
  const base = await serve(t, (app) => {
    app.get('/delimiter', (_req, reply) => reply.csv(users, { delimiter: '"' }))
    app.get('/columns', (_req, reply) => reply.csv(users, { schema: User, columns: ['password'] }))
    app.get('/source', (_req, reply) => reply.csv(42 as never))
    app.get('/row', (_req, reply) => reply.csv([{ a: 1 }, 'a string row'] as never))
    app.get('/null-row', (_req, reply) => reply.csv([null] as never))
    app.get('/mixed', (_req, reply) => reply.csv([[1], { a: 1 }]))
    app.get('/filename', (_req, reply) => reply.csv(users, { filename: 42 as never }))
  })
  for (const [path, code] of [['/delimiter', 'FST_REPLYKIT_BAD_OPTION'], ['/columns', 'FST_REPLYKIT_BAD_OPTION'], ['/source', 'FST_REPLYKIT_BAD_STREAM_SOURCE'],
    ['/row', 'FST_REPLYKIT_BAD_STREAM_SOURCE'], ['/null-row', 'FST_REPLYKIT_BAD_STREAM_SOURCE'], ['/mixed', 'FST_REPLYKIT_BAD_STREAM_SOURCE'], ['/filename', 'FST_REPLYKIT_BAD_OPTION']]) {
    const res = await request(base + path)
    t.equal(res.statusCode, 500, path)
    const body = await res.body.json() as { code: string }
    t.equal(body.code, code, path)
    t.equal(res.headers['content-disposition'], undefined, `${path}: the error reply is no download`)
  }
})

test('an error before the first batch is an error reply without Content-Disposition; after it, an aborted transfer', async (t) => {
  const base = await serve(t, (app) => {
    app.get('/early', (_req, reply) => reply.csv((async function * () {
      yield { a: 1 }
      throw Object.assign(new Error('query failed'), { statusCode: 503 })
    })(), { filename: 'early.csv' }))
    app.get('/late', (_req, reply) => reply.csv((async function * () {
      for (let i = 0; i < 20_000; i++) yield { i, text: 'some text to fill the batch' }
      throw new Error('cursor died')
    })(), { filename: 'late.csv' }))
    app.get('/late-ndjson', (_req, reply) => reply.ndjson((function * () {
      for (let i = 0; i < 20_000; i++) yield { i, text: 'some text to fill the batch' }
      throw new Error('cursor died')
    })()))
  })
  const early = await request(base + '/early')
  t.equal(early.statusCode, 503)
  t.match(await early.body.json(), { message: 'query failed' })
  t.equal(early.headers['content-disposition'], undefined)
  t.match(early.headers['content-type'], /^application\/json/)

  for (const path of ['/late', '/late-ndjson']) {
    const late = await request(base + path)
    t.equal(late.statusCode, 200, path)
    await t.rejects(late.body.text(), `${path}: the client sees a failed transfer`)
    const raw = await rawGet(base + path)
    t.equal(await raw.ended, 'aborted', `${path}: no terminating chunk`)
  }
})

test('CSV rows are pulled only as fast as a slow client reads, and stop when it leaves', async (t) => {
  const total = 2_000_000
  let produced = 0
  let finallyRan = false
  const row = { id: 0, text: 'x'.repeat(100) }
  const base = await serve(t, (app) => {
    app.get('/rows.csv', (_req, reply) => reply.csv((async function * () {
      try {
        for (let i = 0; i < total; i++) { produced++; yield row }
      } finally { finallyRan = true }
    })(), { columns: ['id', 'text'] }))
  })
  const client = await rawGet(base + '/rows.csv')
  await until(client.received, 256 * 1024)
  client.response.pause()
  const held = await settled(() => produced, total)
  const consumed = Math.ceil(client.received() / 105)
  // Rows are about 105 bytes: 320,000 rows is 32 MiB, more than socket buffers hold.
  t.ok(held < total, `stopped early (${held} of ${total} rows produced)`)
  t.ok(held - consumed < 320_000, `produced ${held} rows, the client read ${consumed}`)
  client.response.socket.destroy()
  t.equal(await client.ended, 'aborted')
  await waitFor(() => finallyRan)
  t.ok(finallyRan, 'the generator finally ran')
})

test('NDJSON through the schema: undeclared fields never leave', async (t) => {
  const Post = Type.Object({ id: Type.Number(), title: Type.String(), tags: Type.Array(Type.String()) })
  let helper: string | undefined
  const base = await serve(t, (app) => {
    app.get('/posts.ndjson', async (req, reply) => {
      reply.ndjson((async function * () {
        yield { id: 1, title: 'Hello\n"world"', tags: ['a'], authorEmail: 'x@example.com' }
        yield { id: 2, title: 'Ünïcode ✓', tags: [], passwordHash: 'secret' }
      })(), { schema: Post, filename: 'posts.ndjson' })
      helper = recordOfConfig(req.routeOptions.config)?.helper
      return reply
    })
    app.get('/plain.ndjson', (_req, reply) => reply.ndjson([{ a: 1 }, [1, 2]], null as never))
    app.get('/bad-row.ndjson', (_req, reply) => reply.ndjson([1] as never, { schema: Post }))
    app.get('/bad-plain-row.ndjson', (_req, reply) => reply.ndjson([null] as never))
    app.get('/bad-plain-number.ndjson', (_req, reply) => reply.ndjson([1] as never))
    app.get('/bad-null-row.ndjson', (_req, reply) => reply.ndjson([null] as never, { schema: Post }))
    app.get('/bad-schema.ndjson', (_req, reply) => reply.ndjson([{}], { schema: 'nope' as never }))
    app.get('/broken-schema.ndjson', (_req, reply) => reply.ndjson([{}], { schema: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } as never }))
    app.get('/missing-required.ndjson', (_req, reply) => reply.ndjson([{ id: 1 }], { schema: Post }))
  })
  const res = await request(base + '/posts.ndjson')
  t.equal(res.headers['content-type'], 'application/x-ndjson')
  t.equal(parseDisposition(String(res.headers['content-disposition'])).parameters.filename, 'posts.ndjson')
  const text = await res.body.text()
  t.notMatch(text, /authorEmail|example\.com|passwordHash|secret/)
  t.same(text.trimEnd().split('\n').map(line => JSON.parse(line)), [
    { id: 1, title: 'Hello\n"world"', tags: ['a'] },
    { id: 2, title: 'Ünïcode ✓', tags: [] },
  ])
  t.ok(text.endsWith('\n'))
  t.equal(helper, 'ndjson')

  const plain = await request(base + '/plain.ndjson')
  t.equal(await plain.body.text(), '{"a":1}\n[1,2]\n', 'without a schema: JSON per row')
  for (const [path, code] of [['/bad-row.ndjson', 'FST_REPLYKIT_BAD_STREAM_SOURCE'], ['/bad-plain-row.ndjson', 'FST_REPLYKIT_BAD_STREAM_SOURCE'],
    ['/bad-plain-number.ndjson', 'FST_REPLYKIT_BAD_STREAM_SOURCE'], ['/bad-null-row.ndjson', 'FST_REPLYKIT_BAD_STREAM_SOURCE'],
    ['/bad-schema.ndjson', 'FST_REPLYKIT_BAD_OPTION'], ['/broken-schema.ndjson', 'FST_REPLYKIT_BAD_OPTION']]) {
    const bad = await request(base + path)
    t.equal(bad.statusCode, 500, path)
    t.equal((await bad.body.json() as { code: string }).code, code, path)
  }
  const missing = await request(base + '/missing-required.ndjson')
  t.equal(missing.statusCode, 500, 'a row the schema cannot serialize is an error reply')
  await missing.body.text()
})

test('NDJSON serializers are compiled once per schema object', async (t) => {
  const { ndjsonSerializer } = await import('../lib/ndjson.js')
  const schema = Type.Object({ a: Type.Number() })
  t.equal(ndjsonSerializer(schema), ndjsonSerializer(schema))
  t.not(ndjsonSerializer(schema), ndjsonSerializer(Type.Object({ a: Type.Number() })))
  t.equal(ndjsonSerializer(schema)({ a: 1, b: 2 }), '{"a":1}\n')
})

test('rows go out in large writes, not a write per row', async (t) => {
  const { connect } = await import('node:net')
  const base = await serve(t, (app) => {
    app.get('/many.csv', (_req, reply) => reply.csv((async function * () {
      for (let i = 0; i < 20_000; i++) yield { i, text: 'row text' }
    })(), { columns: ['i', 'text'] }))
  })
  const { port } = new URL(base)
  const socket = connect(Number(port), '127.0.0.1')
  socket.write('GET /many.csv HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  const parts: Buffer[] = []
  for await (const part of socket) parts.push(part as Buffer)
  const raw = Buffer.concat(parts).toString('latin1')
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4)
  // Walk the chunked framing: size line, data, CRLF.
  const sizes: number[] = []
  for (let at = 0; ;) {
    const lineEnd = body.indexOf('\r\n', at)
    const size = parseInt(body.slice(at, lineEnd), 16)
    if (size === 0) break
    sizes.push(size)
    at = lineEnd + 2 + size + 2
  }
  const total = sizes.reduce((a, b) => a + b, 0)
  t.ok(total > 300_000, `the whole export arrived (${total} bytes)`)
  t.ok(sizes.length <= Math.ceil(total / (64 * 1024)) + 1, `${sizes.length} chunks for 20,000 rows`)
  t.ok(sizes.slice(0, -1).every(size => size >= 64 * 1024), 'every chunk but the last is at least 64 KiB')
})
