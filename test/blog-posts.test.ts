// The blog's post endpoints over a real socket: cache policies checked with http-cache-semantics,
// cookies with set-cookie-parser, bad input with its JSON error body.
import t from 'tap'
import CachePolicy from 'http-cache-semantics'
import { Writable } from 'node:stream'
import { parseSetCookie } from 'set-cookie-parser'
import { call, errorBody, postJson, setCookieHeaders, startBlog, TEST_POSTS, type Answer } from './helpers/blog.js'

const POST_KEYS = ['author_id', 'body', 'created_at', 'id', 'slug', 'title', 'updated_at']

/** http-cache-semantics' view of a GET answer, as a shared (proxy) or private (browser) cache. */
function policy (path: string, answer: Answer, shared: boolean, requestHeaders: Record<string, string> = {}): CachePolicy {
  return new CachePolicy(
    { url: path, method: 'GET', headers: requestHeaders },
    { status: answer.status, headers: answer.headers as CachePolicy.Headers },
    { shared })
}

t.test('GET /posts/:id: the post, X-Post-Id, the last_viewed_post cookie, downgraded to private', async (t) => {
  const logs: Array<{ msg: string, route?: string, policy?: string, sent?: string }> = []
  const stream = new Writable({ write (chunk, _encoding, done) { logs.push(JSON.parse(String(chunk))); done() } })
  const { base } = await startBlog(t, { logger: { level: 'warn', stream } })
  const answer = await call(`${base}/posts/3`)
  t.equal(answer.status, 200)
  const post = JSON.parse(answer.body)
  t.equal(post.id, 3)
  t.same(Object.keys(post).sort(), POST_KEYS, 'the schema leaves internal_notes out of the raw row')
  t.equal(answer.headers['x-post-id'], '3', 'declared by routeHeaders')
  t.match(answer.headers['server-timing'], /^app;dur=\d+(\.\d+)?$/)

  const [cookie, ...others] = parseSetCookie(setCookieHeaders(answer.headers))
  t.same(others, [])
  t.match(cookie, { name: 'last_viewed_post', value: '3', path: '/', httpOnly: true, secure: true, sameSite: 'Lax', maxAge: 30 * 24 * 3600 })

  // The route's policy is 'public', but the response sets a cookie: the response says private.
  const cacheControl = String(answer.headers['cache-control'])
  t.match(cacheControl, /\bprivate\b/)
  t.notMatch(cacheControl, /\bpublic\b|s-maxage/)
  t.match(cacheControl, /max-age=60/, 'the age is kept for the browser')
  t.notOk(policy('/posts/3', answer, true).storable(), 'a shared cache must not store it')
  t.ok(policy('/posts/3', answer, false).storable(), 'the browser may')
  // ...and the log says why, once for the route.
  await call(`${base}/posts/4`)
  const downgrades = logs.filter((l) => /downgraded to private/.test(l.msg))
  t.equal(downgrades.length, 1, 'logged once per route')
  t.match(downgrades[0], { route: 'GET /posts/:id', policy: 'public, max-age=60', sent: 'private, max-age=60' })
  t.match(downgrades[0].msg, /sets a cookie/)
})

t.test('GET /posts: public for 60 s, paginated, with an ETag and 304', async (t) => {
  const { base } = await startBlog(t)
  const first = await call(`${base}/posts?limit=10`)
  t.equal(first.status, 200)
  t.equal(first.headers['cache-control'], 'public, max-age=60')
  t.same(setCookieHeaders(first.headers), [])
  const page = JSON.parse(first.body)
  t.same(page.posts.map((p: { id: number }) => p.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  t.equal(page.next, 10)
  t.same(Object.keys(page.posts[0]).sort(), POST_KEYS)

  const shared = policy('/posts?limit=10', first, true)
  t.ok(shared.storable(), 'a shared cache may store it')
  t.equal(shared.maxAge(), 60, 'fresh for 60 s')

  const etag = String(first.headers.etag)
  t.match(etag, /^W\/"/, 'a weak ETag')
  // Revalidate the way a cache would: http-cache-semantics writes the conditional request.
  const conditional = shared.revalidationHeaders({ url: '/posts?limit=10', method: 'GET', headers: {} }) as Record<string, string>
  t.equal(conditional['if-none-match'], etag)
  const notModified = await call(`${base}/posts?limit=10`, { headers: { 'if-none-match': conditional['if-none-match'] } })
  t.equal(notModified.status, 304)
  t.equal(notModified.body, '')
  t.equal(notModified.headers.etag, etag)
  t.equal(notModified.headers['cache-control'], 'public, max-age=60', 'a 304 carries the same Cache-Control')
  const { modified } = shared.revalidatedPolicy({ url: '/posts?limit=10', method: 'GET', headers: conditional },
    { status: 304, headers: notModified.headers as CachePolicy.Headers })
  t.notOk(modified, 'the cache keeps its copy')

  const stale = await call(`${base}/posts?limit=10`, { headers: { 'if-none-match': 'W/"something-else"' } })
  t.equal(stale.status, 200, 'another ETag gets the body')

  const last = JSON.parse((await call(`${base}/posts?after=40&limit=20`)).body)
  t.same(last.posts.map((p: { id: number }) => p.id), [41, 42, 43, 44, 45, 46, 47, 48, 49, 50])
  t.equal(last.next, undefined, 'no next on the last page')
  t.equal(JSON.parse((await call(`${base}/posts`)).body).posts.length, 20, 'default page size')
})

t.test('GET /posts/latest and GET /posts/:id/or-latest (200 or a 307 to /posts/latest)', async (t) => {
  const { base } = await startBlog(t)
  const latest = await call(`${base}/posts/latest`)
  t.equal(latest.status, 200)
  t.equal(JSON.parse(latest.body).id, TEST_POSTS)
  t.equal(latest.headers['cache-control'], 'public, max-age=60')

  const found = await call(`${base}/posts/7/or-latest`)
  t.equal(found.status, 200)
  t.equal(JSON.parse(found.body).id, 7)

  const missing = await call(`${base}/posts/9999/or-latest`)
  t.equal(missing.status, 307)
  t.equal(missing.headers.location, '/posts/latest')
  t.equal(missing.body, '', 'no HTML body with the redirect')
})

t.test('POST /posts upserts by slug: 201 when the slug is new, 200 when it exists, the same schema', async (t) => {
  const { base } = await startBlog(t)
  const created = await postJson(`${base}/posts`, { slug: 'hello', title: 'Hello', body: 'First words', internal_notes: 'not accepted' })
  t.equal(created.status, 201)
  const post = JSON.parse(created.body)
  t.same(Object.keys(post).sort(), POST_KEYS)
  t.match(post, { id: TEST_POSTS + 1, slug: 'hello', title: 'Hello', body: 'First words' })
  t.equal(created.headers['cache-control'], 'no-store')

  const updated = await postJson(`${base}/posts`, { slug: 'hello', title: 'Hello again', body: 'Second thoughts' })
  t.equal(updated.status, 200)
  t.match(JSON.parse(updated.body), { id: TEST_POSTS + 1, slug: 'hello', title: 'Hello again', body: 'Second thoughts' })
  t.same(Object.keys(JSON.parse(updated.body)).sort(), POST_KEYS, 'the same schema for 200 and 201')

  const seeded = await postJson(`${base}/posts`, { slug: 'post-2', title: 'Edited', body: 'x' })
  t.equal(seeded.status, 200, 'a seeded post is found by its slug')
  t.match(JSON.parse(seeded.body), { id: 2, slug: 'post-2', title: 'Edited' })
  t.match(JSON.parse((await call(`${base}/posts/2`)).body), { id: 2, slug: 'post-2', title: 'Edited' }, 'GET sees the update')

  const fromTitle = await postJson(`${base}/posts`, { title: 'Café Notes!', body: '' })
  t.equal(fromTitle.status, 201, 'no slug: one is made from the title')
  t.match(JSON.parse(fromTitle.body), { id: TEST_POSTS + 2, slug: 'cafe-notes' })
  t.equal((await postJson(`${base}/posts`, { title: 'café notes', body: 'again' })).status, 200, 'the same made slug updates')
  t.equal(JSON.parse((await call(`${base}/posts/latest`)).body).id, TEST_POSTS + 2, 'no duplicate was created')
})

t.test('bad input: 400/404/413/415 with a JSON error body, never cached', async (t) => {
  const { base } = await startBlog(t)
  const cases: Array<[string, Promise<Answer>, number, string | undefined]> = [
    ['non-numeric id', call(`${base}/posts/abc`), 400, 'FST_ERR_VALIDATION'],
    ['zero id', call(`${base}/posts/0`), 400, 'FST_ERR_VALIDATION'],
    ['negative id', call(`${base}/posts/-1/or-latest`), 400, 'FST_ERR_VALIDATION'],
    ['huge id', call(`${base}/posts/99999999999999999999`), 400, 'FST_ERR_VALIDATION'],
    ['unknown id', call(`${base}/posts/9999`), 404, 'BLOG_NOT_FOUND'],
    ['bad page size', call(`${base}/posts?limit=1000`), 400, 'FST_ERR_VALIDATION'],
    ['malformed JSON', call(`${base}/posts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": "x",' }), 400, 'FST_ERR_CTP_INVALID_JSON_BODY'],
    ['prototype poisoning', call(`${base}/posts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"x","body":"y","__proto__":{"admin":true}}' }), 400, undefined],
    ['missing field', postJson(`${base}/posts`, { title: 'no body' }), 400, 'FST_ERR_VALIDATION'],
    ['title too long', postJson(`${base}/posts`, { title: 'x'.repeat(201), body: '' }), 400, 'FST_ERR_VALIDATION'],
    ['slug not a slug', postJson(`${base}/posts`, { slug: 'Not A Slug', title: 'x', body: '' }), 400, 'FST_ERR_VALIDATION'],
    ['empty slug', postJson(`${base}/posts`, { slug: '', title: 'x', body: '' }), 400, 'FST_ERR_VALIDATION'],
    ['body over the limit', postJson(`${base}/posts`, { title: 'big', body: 'x'.repeat(100_000) }), 413, 'FST_ERR_CTP_BODY_TOO_LARGE'],
    ['not JSON', call(`${base}/posts`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' }), 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE'],
  ]
  for (const [name, pending, status, code] of cases) {
    const answer = await pending
    t.equal(answer.status, status, name)
    const body = errorBody(answer)
    t.equal(body.statusCode, status, `${name}: statusCode in the body`)
    if (code !== undefined) t.equal(body.code, code, `${name}: code`)
    t.type(body.message, 'string')
    t.equal(answer.headers['cache-control'], 'no-store', `${name}: errors are not cached`)
    t.same(setCookieHeaders(answer.headers), [], `${name}: no cookie on an error`)
  }
  t.equal(JSON.parse((await call(`${base}/posts/latest`)).body).id, TEST_POSTS, 'nothing was written')
  t.equal((await call(`${base}/posts/abc`)).headers['x-post-id'], undefined, 'the bad id is not echoed in X-Post-Id')
})
