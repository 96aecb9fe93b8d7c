// `npm start`'s entry (examples/blog/server.ts) as a real process: it creates and seeds the
// database, logs its URL, serves, and on SIGINT or SIGTERM closes the server and the database.
import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { call } from './helpers/blog.js'
import { tempDir } from './helpers/temp.js'

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'blog', 'server.ts')

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`the server starts, logs its URL and closes cleanly on ${signal}`, async (t) => {
    const dbPath = join(await tempDir(t), 'blog.db')
    // process.execArgv carries tap's TypeScript loader, so the child runs the .ts entry as is.
    const child = spawn(process.execPath, [...process.execArgv, entry], {
      env: { ...process.env, PORT: '0', BLOG_DB: dbPath, BLOG_POSTS: '20', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
    const logs: Array<{ msg: string, [key: string]: unknown }> = []
    const lines = createInterface({ input: child.stdout })
    const listening = new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const entry = JSON.parse(line)
        logs.push(entry)
        const match = /^blog listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(entry.msg)
        if (match !== null) resolve(match[1])
      })
      child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)))
    })
    const url = await listening
    t.match(logs.find((l) => l.msg.startsWith('blog listening')), { db: dbPath, posts: 20 })

    const health = await call(`${url}/health`)
    t.equal(health.status, 200)
    t.match(health.body, '20 posts')

    const exited = once(child, 'exit')
    child.kill(signal)
    const [code] = await exited
    t.equal(code, 0, 'exit code 0')
    t.match(logs.find((l) => l.msg === 'closed'), { databaseOpen: false })
    t.notOk(existsSync(`${dbPath}-wal`), 'the WAL was checkpointed and removed: the database was closed')
    const db = new Database(dbPath, { readonly: true })
    t.teardown(() => db.close())
    t.equal(db.pragma('integrity_check', { simple: true }), 'ok')
  })
}

t.test('a bad PORT is refused at start', async (t) => {
  const child = spawn(process.execPath, [...process.execArgv, entry], {
    env: { ...process.env, PORT: 'eighty', BLOG_DB: join(await tempDir(t), 'blog.db') },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const [code] = await once(child, 'exit')
  t.not(code, 0)
  t.match(stderr, /PORT must be a port number, got eighty/)
})
