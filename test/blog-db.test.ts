// The blog's database module: created and seeded once, passwords hashed with scrypt, batched reads.
import t from 'tap'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { defaultDbPath, hashPassword, openBlogDb, SEED_EMAIL, SEED_PASSWORD, slugify, verifyPassword } from '../examples/blog/db.js'
import { tempDir } from './helpers/temp.js'

t.test('a new database is created and seeded once, in one transaction', async (t) => {
  const path = join(await tempDir(t), 'nested', 'blog.db')
  const db = openBlogDb({ path, posts: 25 })
  t.equal(db.countPosts(), 25)
  t.equal(db.path, path)
  db.close()
  t.notOk(db.open, 'closed')
  db.close() // closing twice is harmless

  const again = openBlogDb({ path, posts: 99 })
  t.teardown(() => again.close())
  t.equal(again.countPosts(), 25, 'an existing database is not seeded again')

  // Read back with a separate connection: the row really holds a scrypt hash, not the password.
  const raw = new Database(path, { readonly: true })
  t.teardown(() => raw.close())
  const user = raw.prepare('SELECT * FROM users WHERE email = ?').get(SEED_EMAIL) as { password_hash: string }
  t.match(user.password_hash, /^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/)
  t.notOk(user.password_hash.includes(SEED_PASSWORD))
  t.ok(await verifyPassword(SEED_PASSWORD, user.password_hash))
})

t.test('BLOG_DB and BLOG_POSTS configure the database; bad counts are refused', async (t) => {
  const dir = await tempDir(t)
  const saved = { db: process.env.BLOG_DB, posts: process.env.BLOG_POSTS }
  t.teardown(() => {
    for (const [key, value] of [['BLOG_DB', saved.db], ['BLOG_POSTS', saved.posts]] as const) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })
  process.env.BLOG_DB = join(dir, 'env.db')
  process.env.BLOG_POSTS = '7'
  const db = openBlogDb()
  t.teardown(() => db.close())
  t.equal(db.path, join(dir, 'env.db'))
  t.equal(db.countPosts(), 7)
  process.env.BLOG_POSTS = '-1'
  t.throws(() => openBlogDb({ path: join(dir, 'other.db') }), /BLOG_POSTS must be a non-negative integer/)
  t.throws(() => openBlogDb({ path: join(dir, 'other.db'), posts: 1.5 }), /BLOG_POSTS/)
})

t.test('the default file is examples/blog/blog.db of the repository', async (t) => {
  const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
  t.equal(defaultDbPath(), join(repo, 'examples', 'blog', 'blog.db'))
  t.ok(existsSync(dirname(defaultDbPath())))
})

t.test('passwords: scrypt hashes with a random salt; wrong or malformed never verify', async (t) => {
  const a = hashPassword('secret')
  const b = hashPassword('secret')
  t.not(a, b, 'salted')
  t.ok(await verifyPassword('secret', a))
  t.notOk(await verifyPassword('Secret', a))
  t.notOk(await verifyPassword('secret', 'plain'))
  t.notOk(await verifyPassword('secret', 'bcrypt$1$2$3$4$5'))
})

t.test('login, sessions and users', async (t) => {
  const db = openBlogDb({ path: join(await tempDir(t), 'blog.db'), posts: 1 })
  t.teardown(() => db.close())
  const ada = await db.login(SEED_EMAIL, SEED_PASSWORD)
  t.equal(ada?.email, SEED_EMAIL)
  t.equal(await db.login(SEED_EMAIL, 'wrong'), undefined)
  t.equal(await db.login('nobody@example.com', SEED_PASSWORD), undefined)

  const token = db.createSession(ada!.id)
  t.match(token, /^[\w-]{43}$/)
  t.equal(db.sessionUser(token)?.id, ada!.id)
  t.equal(db.sessionUser(token + 'x'), undefined)
  db.deleteSession(token)
  t.equal(db.sessionUser(token), undefined, 'deleted sessions are gone')

  const grace = db.addUser('grace@example.com', 'Grace Hopper', 'cobol')
  t.equal((await db.login('grace@example.com', 'cobol'))?.id, grace.id)
  t.equal(db.user(grace.id)?.name, 'Grace Hopper')
})

t.test('savePost upserts by slug; each write bumps the version', async (t) => {
  const db = openBlogDb({ path: join(await tempDir(t), 'blog.db'), posts: 3 })
  t.teardown(() => db.close())
  t.equal(db.post(2)?.slug, 'post-2', 'seeded posts have slugs')
  const v0 = db.version
  const created = db.savePost({ slug: 'new', title: 'New', body: 'text' })
  t.equal(created.created, true)
  t.match(created.post, { id: 4, slug: 'new', title: 'New', body: 'text' })
  const updated = db.savePost({ slug: 'post-2', title: 'Changed', body: 'again' })
  t.equal(updated.created, false)
  t.match(updated.post, { id: 2, slug: 'post-2', title: 'Changed', body: 'again' })
  t.equal(db.post(2)?.title, 'Changed')
  const again = db.savePost({ slug: 'new', title: 'New, edited', body: 'more' })
  t.same([again.created, again.post.id], [false, 4], 'the same slug again updates, not duplicates')
  t.equal(db.countPosts(), 4)
  t.equal(db.version, v0 + 3)
  t.equal(db.latestPost()?.title, 'New, edited')
  // The slug is unique in the database itself, not only in savePost.
  const raw = new Database(db.path)
  t.teardown(() => raw.close())
  t.throws(() => raw.prepare("INSERT INTO posts (slug, title, body, author_id, created_at, updated_at) VALUES ('new', 'x', 'y', 1, '', '')").run(),
    { code: 'SQLITE_CONSTRAINT_UNIQUE' })
})

t.test('a database made before posts had slugs is migrated: post-<id> for each, then unique', async (t) => {
  const path = join(await tempDir(t), 'old.db')
  const old = new Database(path)
  old.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, author_id INTEGER NOT NULL REFERENCES users(id),
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL, internal_notes TEXT NOT NULL DEFAULT '');
    INSERT INTO users VALUES (1, 'a@example.com', 'A', 'x', '');
    INSERT INTO posts (title, body, author_id, created_at, updated_at) VALUES ('One', 'b', 1, '', ''), ('Two', 'b', 1, '', '');`)
  old.close()
  const db = openBlogDb({ path, posts: 5 })
  t.teardown(() => db.close())
  t.same([db.post(1)?.slug, db.post(2)?.slug], ['post-1', 'post-2'])
  t.equal(db.countPosts(), 2, 'not seeded again')
  t.equal(db.savePost({ slug: 'post-2', title: 'Two, edited', body: '' }).created, false)
  db.close()
  const reopened = openBlogDb({ path })
  t.teardown(() => reopened.close())
  t.equal(reopened.post(2)?.title, 'Two, edited', 'a second open leaves a migrated database as it is')
})

t.test('slugify makes a valid slug of any title', async (t) => {
  t.equal(slugify('Hello, World!'), 'hello-world')
  t.equal(slugify('  Café  naïve été '), 'cafe-naive-ete')
  t.equal(slugify('=HYPERLINK("http://evil.example")'), 'hyperlink-http-evil-example')
  t.equal(slugify('!!!'), 'post', 'nothing usable: a fixed fallback')
  t.equal(slugify('a'.repeat(99) + ' b'), 'a'.repeat(99), 'at most 100 characters, no trailing hyphen')
  t.match(slugify('x'.repeat(300)), /^x{100}$/)
})

t.test('iteratePosts reads every row in batches, honours limit and stops on abort', async (t) => {
  const db = openBlogDb({ path: join(await tempDir(t), 'blog.db'), posts: 23 })
  t.teardown(() => db.close())
  const ids = async (options: Parameters<typeof db.iteratePosts>[0]): Promise<number[]> => {
    const out: number[] = []
    for await (const row of db.iteratePosts(options)) out.push(row.id)
    return out
  }
  const all = Array.from({ length: 23 }, (_, i) => i + 1)
  t.same(await ids({ batchSize: 5 }), all)
  t.same(await ids({ batchSize: 23 }), all, 'a batch exactly the size of the table')
  t.same(await ids({}), all, 'default batch size')
  t.same(await ids({ batchSize: 5, limit: 10 }), all.slice(0, 10))
  t.same(await ids({ batchSize: 5, limit: 7 }), all.slice(0, 7))

  // The connection stays usable between batches (no open better-sqlite3 iterator).
  const controller = new AbortController()
  const seen: number[] = []
  for await (const row of db.iteratePosts({ batchSize: 5, signal: controller.signal })) {
    seen.push(row.id)
    t.equal(db.post(row.id)?.id, row.id)
    if (seen.length === 6) controller.abort()
  }
  t.same(seen, all.slice(0, 10), 'the batch in hand finishes, no further batch is read')
})

t.test('iteratePostSummaries gives the CSV columns of every post, in batches, as iteratePosts does', async (t) => {
  const db = openBlogDb({ path: join(await tempDir(t), 'blog.db'), posts: 23 })
  t.teardown(() => db.close())
  const full = [...db.iteratePosts({ batchSize: 5 })]
  const summaries = [...db.iteratePostSummaries({ batchSize: 5 })]
  t.same(summaries, full.map(({ id, title, author_id: authorId, created_at: createdAt }) => ({ id, title, author_id: authorId, created_at: createdAt })))
  t.same([...db.iteratePostSummaries({ batchSize: 4, limit: 9 })].map(row => row.id), full.slice(0, 9).map(row => row.id))
  const controller = new AbortController()
  const read: number[] = []
  for (const row of db.iteratePostSummaries({ batchSize: 5, signal: controller.signal })) {
    read.push(row.id)
    if (row.id === 2) controller.abort()
  }
  t.same(read, [1, 2, 3, 4, 5], 'stops after the batch in hand')
})
