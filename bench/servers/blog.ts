// The example service for the benchmarks, on a database of BENCH_BLOG_POSTS posts (default 100,000)
// kept in the temp folder between runs. Variants:
//   kit:   the example service itself (examples/blog/app.ts, every plugin of the suite registered);
//   kit-warn, kit-info: the same with its request log on at that level, written to /dev/null (the
//          FastAPI comparison runs at warn, uvicorn at warning; `npm start` logs at info);
//   plain: a plain Fastify app doing the same database reads with no plugin of the suite: the same
//          response schema, Cache-Control and cookie set by hand, the CSV through csv-stringify.
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
  app.get<{ Params: { id: number } }>('/posts/:id', { schema: { params: IdParams, response: { 200: Post } } }, async (request, reply) => {
    const post = db.post(request.params.id)
    if (post === undefined) return reply.code(404).send({ error: 'not found' })
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
