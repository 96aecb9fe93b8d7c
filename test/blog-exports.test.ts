// The blog's HTML page and exports over a real socket: the CSV file through reply.file (Range,
// 304, HEAD, a non-ASCII filename checked with content-disposition's parser), the streamed CSV and
// NDJSON (checked with csv-parse), each with the schema's columns only.
import t from 'tap'
import { parse as parseDisposition } from 'content-disposition'
import { parse as parseCsv } from 'csv-parse/sync'
import { join } from 'node:path'
import { request } from 'undici'
import { buildApp, EXPORT_FILENAME } from '../examples/blog/app.js'
import { openBlogDb } from '../examples/blog/db.js'
import { call, postJson, startBlog, TEST_POSTS } from './helpers/blog.js'
import { listen } from './helpers/server.js'
import { tempDir } from './helpers/temp.js'

const CSV_COLUMNS = ['id', 'title', 'author_id', 'created_at']

t.test('GET /health renders HTML', async (t) => {
  const { base } = await startBlog(t)
  const answer = await call(`${base}/health`)
  t.equal(answer.status, 200)
  t.match(answer.headers['content-type'], /^text\/html; charset=utf-8/i)
  t.match(answer.body, /<h1>Blog: ok<\/h1>/)
  t.match(answer.body, `${TEST_POSTS} posts`)
  t.equal(answer.headers['cache-control'], 'no-store')
})

t.test('GET /exports/posts.csv: a file sent with reply.file, with Range, 304 and HEAD', async (t) => {
  const { base } = await startBlog(t, { exportBatchSize: 7 })
  const url = `${base}/exports/posts.csv`
  const full = await call(url)
  t.equal(full.status, 200)
  t.match(full.headers['content-type'], /^text\/csv/)
  const disposition = parseDisposition(String(full.headers['content-disposition']))
  t.equal(disposition.type, 'attachment')
  t.equal(disposition.parameters.filename, EXPORT_FILENAME, 'filename* gives the UTF-8 name')
  t.match(String(full.headers['content-disposition']), /filename="posts-ete\.csv"/, 'with a transliterated ASCII fallback')
  t.equal(full.headers['x-content-type-options'], 'nosniff')
  t.equal(full.headers['accept-ranges'], 'bytes')
  t.equal(full.headers['cache-control'], 'public, max-age=60')
  t.equal(Number(full.headers['content-length']), Buffer.byteLength(full.body))
  const rows = parseCsv(full.body, { columns: true }) as Array<Record<string, string>>
  t.equal(rows.length, TEST_POSTS)
  t.same(Object.keys(rows[0]), CSV_COLUMNS)
  t.same(rows.map((r) => Number(r.id)), Array.from({ length: TEST_POSTS }, (_, i) => i + 1))
  t.notMatch(full.body, /internal|reviewer notes/)

  const range = await call(url, { headers: { range: 'bytes=0-9' } })
  t.equal(range.status, 206)
  t.equal(range.headers['content-range'], `bytes 0-9/${Buffer.byteLength(full.body)}`)
  t.equal(range.body, Buffer.from(full.body).subarray(0, 10).toString())
  const tail = await call(url, { headers: { range: 'bytes=-5' } })
  t.equal(tail.status, 206)
  t.equal(tail.body, Buffer.from(full.body).subarray(-5).toString())
  const beyond = await call(url, { headers: { range: `bytes=${Buffer.byteLength(full.body) + 10}-` } })
  t.equal(beyond.status, 416)

  const etag = String(full.headers.etag)
  const byEtag = await call(url, { headers: { 'if-none-match': etag } })
  t.equal(byEtag.status, 304)
  t.equal(byEtag.body, '')
  const byDate = await call(url, { headers: { 'if-modified-since': String(full.headers['last-modified']) } })
  t.equal(byDate.status, 304)

  const head = await call(url, { method: 'HEAD' })
  t.equal(head.status, 200)
  t.equal(head.body, '')
  t.equal(head.headers['content-length'], full.headers['content-length'])

  // A write makes the export stale: the next request rewrites the file (new ETag, one more row).
  // The title is a spreadsheet formula: the file escapes it.
  t.equal((await postJson(`${base}/posts`, { title: '=HYPERLINK("http://evil.example")', body: 'x' })).status, 201)
  const after = await call(url, { headers: { 'if-none-match': etag } })
  t.equal(after.status, 200)
  t.not(after.headers.etag, etag)
  const newRows = parseCsv(after.body, { columns: true }) as Array<Record<string, string>>
  t.equal(newRows.length, TEST_POSTS + 1)
  t.equal(newRows[TEST_POSTS].title, '\'=HYPERLINK("http://evil.example")')
})

t.test('GET /exports/large-posts.csv streams the schema columns only, in batches', async (t) => {
  const { base } = await startBlog(t, { exportBatchSize: 7 })
  const answer = await call(`${base}/exports/large-posts.csv`)
  t.equal(answer.status, 200)
  t.match(answer.headers['content-type'], /^text\/csv/)
  t.equal(parseDisposition(String(answer.headers['content-disposition'])).parameters.filename, 'large-posts.csv')
  t.equal(answer.headers['cache-control'], 'no-store')
  const rows = parseCsv(answer.body, { columns: true }) as Array<Record<string, string>>
  t.same(Object.keys(rows[0]), CSV_COLUMNS, 'the schema columns, in its order')
  t.same(rows.map((r) => Number(r.id)), Array.from({ length: TEST_POSTS }, (_, i) => i + 1), 'every row once, across batches')
  t.notMatch(answer.body, /internal|reviewer notes|body/)

  const limited = parseCsv((await call(`${base}/exports/large-posts.csv?limit=5`)).body, { columns: true })
  t.equal(limited.length, 5)
  t.equal((await call(`${base}/exports/large-posts.csv?limit=0`)).status, 400)

  t.equal((await postJson(`${base}/posts`, { title: '@SUM(A1:A9)', body: 'x' })).status, 201)
  const escaped = parseCsv((await call(`${base}/exports/large-posts.csv`)).body, { columns: true }) as Array<Record<string, string>>
  t.equal(escaped[TEST_POSTS].title, '\'@SUM(A1:A9)', 'formulas are escaped')
})

t.test('GET /exports/posts.ndjson: one JSON post per line, through the schema', async (t) => {
  const { base } = await startBlog(t, { exportBatchSize: 7 })
  const answer = await call(`${base}/exports/posts.ndjson`)
  t.equal(answer.status, 200)
  t.match(answer.headers['content-type'], /^application\/x-ndjson/)
  t.equal(parseDisposition(String(answer.headers['content-disposition'])).parameters.filename, 'posts.ndjson')
  const lines = answer.body.split('\n')
  t.equal(lines.pop(), '', 'ends with a newline')
  t.equal(lines.length, TEST_POSTS)
  for (const line of lines) {
    t.same(Object.keys(JSON.parse(line)).sort(), ['author_id', 'body', 'created_at', 'id', 'slug', 'title', 'updated_at'])
  }
  t.notMatch(answer.body, /internal_notes|reviewer notes/)
  t.equal((await call(`${base}/exports/posts.ndjson?limit=3`)).body.trim().split('\n').length, 3)
})

t.test('a client that leaves mid-export stops the database cursor', async (t) => {
  const dir = await tempDir(t)
  const db = openBlogDb({ path: join(dir, 'blog.db'), posts: 50_000 })
  t.teardown(() => db.close())
  // Watch the cursor the route reads from: how many rows it gave, and whether it finished.
  let rowsRead = 0
  let finished!: () => void
  const cursorDone = new Promise<void>((resolve) => { finished = resolve })
  const iterate = db.iteratePostSummaries
  db.iteratePostSummaries = function * (options) {
    try {
      for (const row of iterate(options)) { rowsRead++; yield row }
    } finally { finished() }
  }
  const app = await buildApp({ db, exportBatchSize: 50 })
  const base = await listen(t, app)

  const response = await request(`${base}/exports/large-posts.csv`)
  t.equal(response.statusCode, 200)
  const first = await response.body[Symbol.asyncIterator]().next()
  t.ok(first.value.length > 0, 'the export started')
  response.body.destroy() // leave after the first chunk: undici closes the connection
  await cursorDone
  t.ok(rowsRead < 50_000, `the cursor stopped early (${rowsRead} of 50000 rows read)`)
  t.equal(JSON.parse((await call(`${base}/posts/latest`)).body).id, 50_000, 'the service and its database still answer')
})
