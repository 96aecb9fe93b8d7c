// The blog's database: one SQLite file through better-sqlite3, created and seeded on first open.
// Statements are prepared once; exports read in keyset-paginated batches so a long export never
// holds the connection (better-sqlite3 refuses other queries while an iterator is open) and lets
// the event loop serve other requests between batches.
import Database from 'better-sqlite3'
import { createHash, randomBytes, scrypt as scryptCallback, scryptSync, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { keysetPages, type IterateOptions } from './keyset.js'

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number, r: number, p: number }) => Promise<Buffer>

/** The columns of the CSV export (PostCsvRow). */
export interface PostSummary {
  id: number
  title: string
  author_id: number
  created_at: string
}

export interface PostRow {
  id: number
  /** Unique: POST /posts upserts by it. */
  slug: string
  title: string
  body: string
  author_id: number
  created_at: string
  updated_at: string
  /** Editors' notes: stored, never meant to leave the server (the schemas leave it out). */
  internal_notes: string
}

export interface UserRow {
  id: number
  email: string
  name: string
  password_hash: string
  created_at: string
}

export interface OpenOptions {
  /** The SQLite file; default BLOG_DB, else examples/blog/blog.db in the repository. */
  path?: string
  /** Posts seeded when the database is new; default BLOG_POSTS, else 10,000. */
  posts?: number
  /** better-sqlite3's compiled addon, when not the installed one (the benchmarks on another Node.js line). */
  nativeBinding?: string
}

export const SEED_EMAIL = 'ada@example.com'
export const SEED_PASSWORD = 'correct horse battery staple'
const SCRYPT = { N: 16384, r: 8, p: 1 }
const KEY_LENGTH = 32

/** examples/blog/blog.db of the repository, whether this module runs from examples/ or dist/examples/. */
export function defaultDbPath (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'examples', 'blog'))) {
      return join(dir, 'examples', 'blog', 'blog.db')
    }
    const parent = dirname(dir)
    // Outside a checkout (the module copied elsewhere): the module's own folder.
    if (parent === dir) return join(dirname(fileURLToPath(import.meta.url)), 'blog.db')
    dir = parent
  }
}

function positiveInteger (value: string | number | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${String(value)}`)
  return n
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export function hashPassword (password: string): string {
  const salt = randomBytes(16)
  const hash = scryptSync(password, salt, KEY_LENGTH, SCRYPT)
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`
}

/** Checks a password against a stored hash without blocking the event loop; false for any malformed hash. */
export async function verifyPassword (password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, N, r, p, salt, hash] = parts
  const expected = Buffer.from(hash, 'base64url')
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(N), r: Number(r), p: Number(p) })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS posts (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  internal_notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
`

/** Databases made before posts had a slug get one per post (post-<id>), then the unique index. */
function migrate (db: Database.Database): void {
  const columns = db.prepare('SELECT name FROM pragma_table_info(\'posts\')').all() as Array<{ name: string }>
  if (!columns.some(column => column.name === 'slug')) {
    db.transaction(() => {
      db.exec('ALTER TABLE posts ADD COLUMN slug TEXT NOT NULL DEFAULT \'\'')
      db.exec('UPDATE posts SET slug = \'post-\' || id')
    })()
  }
  db.exec('CREATE UNIQUE INDEX IF NOT EXISTS posts_slug ON posts (slug)')
}

/** A slug from a title: lower case ASCII letters and digits joined by single hyphens ('post' if none). */
export function slugify (title: string): string {
  const slug = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100).replace(/-+$/, '')
  return slug === '' ? 'post' : slug
}

const WORDS = ['fastify', 'reply', 'cookie', 'cache', 'header', 'stream', 'schema', 'sqlite', 'route', 'plugin', 'été', 'naïve', 'café']

function seed (db: Database.Database, posts: number): void {
  const now = new Date().toISOString()
  const insertUser = db.prepare('INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, ?, ?)')
  const insertPost = db.prepare('INSERT INTO posts (slug, title, body, author_id, created_at, updated_at, internal_notes) VALUES (?, ?, ?, ?, ?, ?, ?)')
  db.transaction(() => {
    const author = insertUser.run(SEED_EMAIL, 'Ada Lovelace', hashPassword(SEED_PASSWORD), now).lastInsertRowid
    for (let i = 1; i <= posts; i++) {
      const words = Array.from({ length: 12 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ')
      insertPost.run(`post-${i}`, `Post ${i}: ${WORDS[i % WORDS.length]}`, `${words}.`, author, now, now, `draft ${i}, reviewer notes`)
    }
  })()
}

export type BlogDb = ReturnType<typeof openBlogDb>

/** Opens (creating and seeding if new) the blog database. */
export function openBlogDb (options: OpenOptions = {}) {
  const path = resolve(options.path ?? (process.env.BLOG_DB || defaultDbPath()))
  const posts = positiveInteger(options.posts ?? process.env.BLOG_POSTS, 10_000, 'BLOG_POSTS')
  mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path, options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding })
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.exec(SCHEMA)
  migrate(db)
  if ((db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n === 0) seed(db, posts)

  const statements = {
    post: db.prepare('SELECT * FROM posts WHERE id = ?'),
    updatedAt: db.prepare('SELECT updated_at FROM posts WHERE id = ?').pluck(),
    latest: db.prepare('SELECT * FROM posts ORDER BY id DESC LIMIT 1'),
    page: db.prepare('SELECT * FROM posts WHERE id > ? ORDER BY id LIMIT ?'),
    summaries: db.prepare('SELECT id, title, author_id, created_at FROM posts WHERE id > ? ORDER BY id LIMIT ?').raw(),
    count: db.prepare('SELECT count(*) AS n FROM posts'),
    postBySlug: db.prepare('SELECT id FROM posts WHERE slug = ?'),
    insert: db.prepare('INSERT INTO posts (slug, title, body, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
    update: db.prepare('UPDATE posts SET title = ?, body = ?, updated_at = ? WHERE id = ?'),
    user: db.prepare('SELECT * FROM users WHERE id = ?'),
    userByEmail: db.prepare('SELECT * FROM users WHERE email = ?'),
    insertUser: db.prepare('INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, ?, ?)'),
    firstUser: db.prepare('SELECT id FROM users ORDER BY id LIMIT 1'),
    createSession: db.prepare('INSERT INTO sessions (token_hash, user_id, created_at) VALUES (?, ?, ?)'),
    session: db.prepare('SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
  }
  // Stored hashed: a leaked database file does not hand out live sessions.
  const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url')
  // Bumped by every write, so derived files (the CSV export) know when they are stale.
  let version = 0

  /**
   * Upserts by slug, as the chapter does (`existing = Post.slug == post.slug`): updates the post with
   * this slug when there is one (created: false), else inserts it (created: true). One transaction.
   */
  const upsertPost = db.transaction((input: { slug: string, title: string, body: string }): { post: PostRow, created: boolean } => {
    const now = new Date().toISOString()
    version++
    const existing = statements.postBySlug.get(input.slug) as { id: number } | undefined
    if (existing !== undefined) {
      statements.update.run(input.title, input.body, now, existing.id)
      return { post: statements.post.get(existing.id) as PostRow, created: false }
    }
    const author = (statements.firstUser.get() as { id: number }).id
    const id = statements.insert.run(input.slug, input.title, input.body, author, now, now).lastInsertRowid
    return { post: statements.post.get(id) as PostRow, created: true }
  })

  return {
    path,
    get version () { return version },
    post: (id: number) => statements.post.get(id) as PostRow | undefined,
    /** Only the post's updated_at (a primary-key lookup, no body read): its validator for conditional requests. */
    postUpdatedAt: (id: number) => statements.updatedAt.get(id) as string | undefined,
    latestPost: () => statements.latest.get() as PostRow | undefined,
    /** Posts with id > after, in id order. */
    posts: (after: number, limit: number) => statements.page.all(after, limit) as PostRow[],
    countPosts: () => (statements.count.get() as { n: number }).n,

    /** Edits a post in place (PUT /posts/:id): the row after the edit, or undefined when there is none. */
    editPost: (id: number, input: { title: string, body: string }): PostRow | undefined => {
      if (statements.update.run(input.title, input.body, new Date().toISOString(), id).changes === 0) return undefined
      version++
      return statements.post.get(id) as PostRow
    },

    /** Upserts by slug (see upsertPost): created true when the slug was new. */
    savePost: (input: { slug: string, title: string, body: string }): { post: PostRow, created: boolean } => upsertPost(input),

    /**
     * Every post (or the first `limit`), read `batchSize` rows at a time by keyset pagination.
     * Stops between batches when `signal` aborts (the client left). Synchronous: reply.csv and
     * reply.ndjson give the event loop its turns (every 256 KiB of body).
     */
    * iteratePosts (options: IterateOptions = {}): Generator<PostRow> {
      for (const page of keysetPages<PostRow>(statements.page, options)) {
        for (let i = 0; i < page.length; i++) yield page[i]
      }
    },

    /** As iteratePosts, the CSV export's columns only: read as arrays, made into objects of one shape. */
    * iteratePostSummaries (options: IterateOptions = {}): Generator<PostSummary> {
      for (const page of keysetPages<[number, string, number, string]>(statements.summaries, options)) {
        for (let i = 0; i < page.length; i++) {
          const [id, title, authorId, createdAt] = page[i]
          yield { id, title, author_id: authorId, created_at: createdAt }
        }
      }
    },

    user: (id: number) => statements.user.get(id) as UserRow | undefined,
    addUser (email: string, name: string, password: string): UserRow {
      const id = statements.insertUser.run(email, name, hashPassword(password), new Date().toISOString()).lastInsertRowid
      return statements.user.get(id) as UserRow
    },
    /** The user whose email and password match, else undefined (same work either way). */
    async login (email: string, password: string): Promise<UserRow | undefined> {
      const user = statements.userByEmail.get(email) as UserRow | undefined
      // A dummy hash for unknown emails keeps the timing of both failures alike.
      const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH)
      return ok && user !== undefined ? user : undefined
    },
    createSession (userId: number): string {
      const token = randomBytes(32).toString('base64url')
      statements.createSession.run(tokenHash(token), userId, new Date().toISOString())
      return token
    },
    sessionUser: (token: string) => statements.session.get(tokenHash(token)) as UserRow | undefined,
    deleteSession (token: string): void { statements.deleteSession.run(tokenHash(token)) },

    close (): void {
      if (db.open) db.close()
    },
    get open () { return db.open },
  }
}

const DUMMY_HASH = hashPassword(randomBytes(16).toString('hex'))
