// The example service for the benchmarks, on a database of BENCH_BLOG_POSTS posts (default 100,000)
// kept in the temp folder between runs. Variants:
//   kit:   the example service itself (examples/blog/app.ts, every plugin of the suite registered);
//   kit-warn, kit-info: the same with its request log on at that level, written to /dev/null (the
//          FastAPI comparison runs at warn, uvicorn at warning; `npm start` logs at info);
//   plain: the same app hand-written with plain Fastify, no plugin of the suite: the same response
//          schema and the same headers on the wire (ETag, Last-Modified and the 304, Cache-Control,
//          X-Post-Id, Server-Timing, the cookie) set by hand, one read of the post; the CSV through
//          csv-stringify.
import Fastify, { type FastifyInstance } from 'fastify'
import { stringify } from 'csv-stringify'
import { existsSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { buildApp } from '../../examples/blog/app.js'
import { openBlogDb } from '../../examples/blog/db.js'
import { IdParams, Post, PostCsvRow } from '../../examples/blog/schemas.js'
import { sqliteBinding } from '../sqlite-binding.js'

const kStart = Symbol('start')
export const POSTS = Number(process.env.BENCH_BLOG_POSTS ?? 100_000)
// On another Node.js line than the installed addon's (BENCH_NODE), a copy built for this one.
const nativeBinding = sqliteBinding()

/** The seeded database file, created once (under a temp name, then renamed, so a crash leaves none). */
function database (): string {
  const path = join(tmpdir(), `fastify-reply-kit-bench-blog-${POSTS}.db`)
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.partial`
    const db = openBlogDb({ path: partial, posts: POSTS, nativeBinding })
    db.close()
    rmSync(`${partial}-wal`, { force: true })
    rmSync(`${partial}-shm`, { force: true })
    renameSync(partial, path)
  }
  return path
}

export default async function build (variant: string): Promise<FastifyInstance> {
  const db = openBlogDb({ path: database(), nativeBinding })
  if (variant === 'kit' || variant === 'kit-warn' || variant === 'kit-info') {
    const level = variant.slice(4)
    const app = await buildApp({ db, logger: level === '' ? false : { level, file: '/dev/null' } })
    app.addHook('onClose', async () => db.close())
    return app
  }
  if (variant !== 'plain') throw new Error(`unknown variant ${variant}`)
  const app = Fastify()
  app.addHook('onClose', async () => db.close())
  // Server-Timing as the example's routeHeaders sends it: stamped in onRequest, written in onSend.
  app.decorateRequest(kStart as unknown as string, 0)
  app.addHook('onRequest', (request, _reply, done) => { (request as unknown as Record<symbol, number>)[kStart] = performance.now(); done() })
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('server-timing', `app;dur=${(performance.now() - (request as unknown as Record<symbol, number>)[kStart]).toFixed(1)}`)
    done(null, payload)
  })
  app.get<{ Params: { id: number } }>('/posts/:id', { schema: { params: IdParams, response: { 200: Post } } }, async (request, reply) => {
    const post = db.post(request.params.id)
    if (post === undefined) return reply.code(404).send({ error: 'not found' })
    // The example's validators, ETag and Last-Modified, and its 304, by hand.
    const etag = `"${post.id}.${post.updated_at}"`
    reply.header('etag', etag)
    if (request.headers['if-none-match'] === etag) return reply.code(304).send()
    reply.header('last-modified', new Date(post.updated_at).toUTCString())
    reply.header('cache-control', 'private, max-age=60')
    reply.header('x-post-id', String(post.id))
    reply.header('set-cookie', `last_viewed_post=${post.id}; Max-Age=2592000; Path=/; HttpOnly; Secure; SameSite=Lax`)
    return post
  })
  app.get('/exports/large-posts.csv', async (_request, reply) => {
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="large-posts.csv"')
    return reply.send(Readable.from(db.iteratePosts({ batchSize: 1000 }))
      .pipe(stringify({ header: true, columns: Object.keys(PostCsvRow.properties), escape_formulas: true })))
  })
  return app
}
