// Bench server for conditional requests and multipart ranges.
// 'validate': GET /posts/:id with a cache policy whose `validate` reads one indexed column
//   (updated_at by primary key), so a revalidation is a 304 before the handler;
// 'etag': the same route with `etag: true`, which builds the body (full row, JSON) and hashes it;
// 'ranges': reply.file of a 16 MiB file, for multipart and single-range downloads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import Fastify, { type FastifyInstance } from 'fastify'
import { cacheControl } from '../../plugins/cache-control.js'
import { replyHelpers } from '../../plugins/reply-helpers.js'

export const RANGE_FILE_SIZE = 16 * 1024 * 1024
const POSTS = 1000

function openDb (): Database.Database {
  const db = new Database(':memory:')
  db.exec('CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, updated_at TEXT NOT NULL)')
  const insert = db.prepare('INSERT INTO posts (id, title, body, updated_at) VALUES (?, ?, ?, ?)')
  const now = new Date().toISOString()
  db.transaction(() => {
    for (let id = 1; id <= POSTS; id++) insert.run(id, `Post ${id}`, `Paragraph ${id}. `.repeat(400), now)
  })()
  return db
}

export default async function build (variant: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  if (variant === 'ranges') {
    const root = mkdtempSync(join(tmpdir(), 'conditional-bench-'))
    writeFileSync(join(root, 'data.bin'), Buffer.alloc(RANGE_FILE_SIZE, 'r'))
    app.addHook('onClose', async () => { rmSync(root, { recursive: true, force: true }) })
    await app.register(replyHelpers, { root })
    app.get('/data.bin', (_request, reply) => reply.file('data.bin'))
    await app.ready()
    return app
  }
  const db = openDb()
  app.addHook('onClose', async () => { db.close() })
  const post = db.prepare('SELECT * FROM posts WHERE id = ?')
  const updatedAt = db.prepare('SELECT updated_at FROM posts WHERE id = ?').pluck()
  await app.register(cacheControl)
  const cache = variant === 'validate'
    ? {
        preset: 'revalidate',
        validate: (request: { params: unknown }) => {
          const id = Number((request.params as { id: string }).id)
          const at = updatedAt.get(id) as string | undefined
          return at === undefined ? null : { etag: `"${id}.${Date.parse(at).toString(36)}"`, lastModified: at }
        },
      }
    : { preset: 'revalidate', etag: true }
  app.get('/posts/:id', { config: { cache } }, async (request) => post.get(Number((request.params as { id: string }).id)))
  await app.ready()
  return app
}
