// The blog's conditional requests over a real socket: GET /posts/:id revalidated by updated_at
// (http-cache-semantics drives it; the 304 comes before the handler's query), and PUT /posts/:id
// requiring If-Match (428 without it, 412 when stale with the row unchanged in the database).
import t from 'tap'
import CachePolicy from 'http-cache-semantics'
import { request } from 'undici'
import { startBlog } from './helpers/blog.js'

async function send (url: string, method: 'GET' | 'PUT', headers: Record<string, string> = {}, body?: unknown) {
  const res = await request(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.statusCode, headers: res.headers as Record<string, string>, body: await res.body.text() }
}

t.test('GET /posts/:id: a 304 from updated_at, without reading the post', async (t) => {
  const { base, db } = await startBlog(t)
  const first = await send(`${base}/posts/3`, 'GET')
  t.equal(first.status, 200)
  t.match(first.headers.etag, /^"3\.\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"$/, 'id and updated_at')
  const row = db.post(3)!
  t.equal(first.headers['last-modified'], new Date(row.updated_at).toUTCString())

  // Count the body reads: the post() query must not run for a 304.
  let reads = 0
  const post = db.post
  db.post = (id: number) => { reads++; return post(id) }
  t.teardown(() => { db.post = post })

  const req = { url: '/posts/3', method: 'GET', headers: { host: 'blog' } }
  const cached = new CachePolicy(req, { status: 200, headers: first.headers }, { shared: false })
  const revalidation = cached.revalidationHeaders({ ...req, headers: { ...req.headers, 'cache-control': 'no-cache' } }) as Record<string, string>
  t.equal(revalidation['if-none-match'], first.headers.etag)
  const again = await send(`${base}/posts/3`, 'GET', revalidation)
  t.equal(again.status, 304)
  t.equal(again.body, '')
  t.equal(again.headers['content-length'], undefined)
  t.equal(again.headers['set-cookie'], undefined, 'the handler (which sets the cookie) did not run')
  t.equal(reads, 0, 'the post was not read')
  t.equal(cached.revalidatedPolicy(req, { status: 304, headers: again.headers }).modified, false)

  t.equal((await send(`${base}/posts/3`, 'GET', { 'if-modified-since': first.headers['last-modified'] })).status, 304)
  t.equal(reads, 0)
  const other = await send(`${base}/posts/4`, 'GET', { 'if-none-match': first.headers.etag })
  t.equal(other.status, 200, "another post's ETag does not match")
  t.equal(reads, 1)
  t.equal((await send(`${base}/posts/999999`, 'GET', { 'if-none-match': '*' })).status, 404, 'a missing post: no representation, no 304')
})

t.test('PUT /posts/:id requires If-Match: 428 without, 412 when stale, the row unchanged', async (t) => {
  const { base, db } = await startBlog(t)
  const before = db.post(5)!
  const edit = { title: 'Edited', body: 'new body' }
  const missing = await send(`${base}/posts/5`, 'PUT', {}, edit)
  t.equal(missing.status, 428)
  t.equal(JSON.parse(missing.body).code, 'BLOG_PRECONDITION_REQUIRED')
  t.same(db.post(5), before, 'unchanged')

  const { headers } = await send(`${base}/posts/5`, 'GET')
  const etag = headers.etag as string
  await new Promise(resolve => setTimeout(resolve, 5)) // a later updated_at than the seed's, to the millisecond
  const saved = await send(`${base}/posts/5`, 'PUT', { 'if-match': etag }, edit)
  t.equal(saved.status, 200)
  t.equal(JSON.parse(saved.body).title, 'Edited')
  t.not(saved.headers.etag, etag, 'a new version')
  t.equal(saved.headers['cache-control'], 'no-store')
  const afterSave = db.post(5)!

  const stale = await send(`${base}/posts/5`, 'PUT', { 'if-match': etag }, { title: 'Lost update', body: 'x' })
  t.equal(stale.status, 412)
  t.equal(JSON.parse(stale.body).code, 'FST_REPLYKIT_PRECONDITION_FAILED')
  t.same(db.post(5), afterSave, 'the row is unchanged in the database')
  t.equal((await send(`${base}/posts/5`, 'PUT', { 'if-match': `W/${saved.headers.etag}` }, edit)).status, 412, 'a weak tag never matches')
  t.same(db.post(5), afterSave)

  t.equal((await send(`${base}/posts/5`, 'PUT', { 'if-match': saved.headers.etag }, { title: 'Second', body: 'y' })).status, 200)
  t.equal(db.post(5)!.title, 'Second')
  t.equal((await send(`${base}/posts/999999`, 'PUT', { 'if-match': '*' }, edit)).status, 404)
})
