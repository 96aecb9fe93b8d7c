// The audit command: in process (runCommand, every path) and as a real process (node dist/bin/...)
// on the example blog and on a broken fixture app. Fixtures import the built package by name.
import t from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { formatTable, runCommand, USAGE } from '../bin/audit.js'
import { tempDir } from './helpers/temp.js'

const run = promisify(execFile)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const fixtures = join(root, 'test', 'fixtures', 'audit')
const bin = join(root, 'dist', 'bin', 'fastify-reply-kit.js')
const env = { ...process.env, NODE_V8_COVERAGE: '' }

async function command (argv: string[], progressAfter?: number) {
  let stdout = ''
  let stderr = ''
  const code = await runCommand(argv, { stdout: (s) => { stdout += s }, stderr: (s) => { stderr += s }, cwd: fixtures, progressAfter: progressAfter ?? 60_000 })
  return { code, stdout, stderr }
}

async function processRun (args: string[], extraEnv: Record<string, string> = {}) {
  return run(process.execPath, [bin, ...args], { cwd: root, env: { ...env, ...extraEnv } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number, stdout: string, stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }))
}

t.test('findings: the table names each route, its policies and findings, and the status is 1', async (t) => {
  const { code, stdout, stderr } = await command(['audit', 'broken.mjs'])
  t.equal(code, 1)
  t.equal(stderr, '')
  const lines = stdout.split('\n')
  t.match(lines[0], /^METHOD\s+URL\s+CACHE\s+COOKIES\s+SCHEMA\s+FINDINGS$/)
  t.match(stdout, /GET\s+\/users\s+private, no-store\s+-\s+missing\s+no 2xx response schema/)
  t.match(stdout, /GET\s+\/users\/:id\s+no-store\s+-\s+filtered\s+response 200 at \$\.password: property password looks like a secret/)
  t.match(stdout, /GET\s+\/meta\s+-\s+-\s+open\s+response 200 at /)
  t.match(stdout, /GET\s+\/ok\s+public, max-age=60\s+-\s+filtered\s+-/)
  t.notMatch(stdout, /^HEAD/m, 'the automatic HEAD routes are folded into their GET')
  t.match(lines.at(-2), /^4 routes, [3-9] findings$/)

  const json = await command(['audit', join(fixtures, 'broken.mjs'), '--json'])
  t.equal(json.code, 1)
  const report = JSON.parse(json.stdout)
  t.same(report.routes.map((r: { url: string }) => r.url), ['/users', '/users/:id', '/meta', '/ok'])
  t.match(report.routes[1], { method: 'GET', url: '/users/:id', cache: 'no-store', cookies: [], schema: 'filtered', findings: [/password/] })
  t.equal(report.findings, report.routes.reduce((n: number, r: { findings: string[] }) => n + r.findings.length, 0))
})

t.test('a clean app: status 0; a named export that is an instance', async (t) => {
  const { code, stdout } = await command(['audit', 'clean.mjs', '--export', 'app'])
  t.equal(code, 0)
  t.match(stdout, /GET\s+\/page\s+-\s+-\s+exempt\s+-/)
  t.match(stdout, /\n2 routes, no findings\n$/)
  t.same(JSON.parse((await command(['audit', 'clean.mjs', '--export=app', '--json'])).stdout).findings, 0)
  let out = ''
  t.equal(await runCommand(['audit', 'clean.mjs', '--export', 'app'], { stdout: (s) => { out += s }, stderr: () => {}, cwd: fixtures }), 0, 'the default progress delay')
  t.match(out, /no findings/)
  const closeFails = await command(['audit', 'clean.mjs', '--export', 'closeFails'])
  t.equal(closeFails.code, 0, 'a failing close() does not change the answer')
})

t.test('usage and load errors: a message saying what was found, and status 2', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['audit'], /audit needs the module that exports the app/],
    [['lint', 'x.mjs'], /unknown command "lint"/],
    [['audit', 'a.mjs', 'b.mjs'], /one module only; got "a.mjs" and "b.mjs"/],
    [['audit', 'a.mjs', '--verbose'], /unknown option "--verbose"/],
    [['audit', 'a.mjs', '--export'], /--export needs the name of an export/],
    [['audit', 'missing.mjs'], /cannot load missing.mjs: /],
    [['audit', 'clean.mjs'], /the default export of clean.mjs is not a Fastify app or a function returning one \(it is object\)/],
    [['audit', 'clean.mjs', '--export', 'nope'], /clean.mjs has no export "nope"; its exports: answer, app, closeFails, default, notAFactory, nothing, returnsNull, throws \(choose one with --export name\)/],
    [['audit', 'clean.mjs', '--export', 'answer'], /export "answer" of clean.mjs is not a Fastify app or a function returning one \(it is number\)/],
    [['audit', 'clean.mjs', '--export', 'nothing'], /\(it is null\)/],
    [['audit', 'clean.mjs', '--export', 'notAFactory'], /export "notAFactory" of clean.mjs returned object, not a Fastify app/],
    [['audit', 'clean.mjs', '--export', 'throws'], /export "throws" of clean.mjs failed: no database/],
    [['audit', 'no-guard.mjs'], /the app failed to start: auditRoutes: the app has no responseGuard/],
    [['audit', 'no-guard.mjs', '--export', 'failing'], /the app failed to start: cannot connect to the database/],
    [['audit', 'no-guard.mjs', '--export', 'failingAsync'], /export "failingAsync" of no-guard.mjs failed: cannot reach the cache/],
    [['audit', '../consumer/tsconfig.json'], /cannot load/],
    [['audit', 'empty.mjs'], /empty.mjs has no default export; its exports: none/],
    [['audit', 'clean.mjs', '--export', 'returnsNull'], /export "returnsNull" of clean.mjs returned null, not a Fastify app/],
  ]
  for (const [argv, message] of cases) {
    const { code, stdout, stderr } = await command(argv)
    t.equal(code, 2, argv.join(' '))
    t.equal(stdout, '')
    t.match(stderr, message)
  }
  const dir = await tempDir(t, 'audit-syntax-')
  await writeFile(join(dir, 'syntax-error.mjs'), 'export default {\n')
  t.match((await command(['audit', join(dir, 'syntax-error.mjs')])).stderr, /cannot load .*syntax-error.mjs: /)
  const noDefault = await command(['audit', join(root, 'test', 'helpers', 'server.ts')])
  t.match(noDefault.stderr, /has no default export; its exports: listen/)
  for (const argv of [[], ['--help'], ['audit', '-h']]) t.same(await command(argv), { code: 0, stdout: USAGE, stderr: '' })
})

t.test('a slow start prints progress on stderr', async (t) => {
  const { code, stderr } = await command(['audit', 'slow.mjs'], 300)
  t.equal(code, 0)
  t.match(stderr, /^fastify-reply-kit: still loading slow.mjs \(0\.[3-9]s\)\.\.\.\n/)
})

t.test('formatTable: a per-request policy, cookies, several findings, one route', async (t) => {
  const text = formatTable([{ method: 'GET', url: '/a', cache: '', cookies: ['x', 'y'], schema: 'open', findings: ['one', 'two'] }], 2)
  t.equal(text, 'METHOD  URL  CACHE          COOKIES  SCHEMA  FINDINGS\nGET     /a   (per request)  x, y     open    one\n                                             two\n\n1 route, 2 findings\n')
  t.match(formatTable([], 1), /0 routes, 1 finding\n$/)
})

t.test('as a process: the example blog is clean, the broken app fails CI, a slow one shows progress', async (t) => {
  const dir = await tempDir(t, 'audit-blog-')
  const blog = await processRun(['audit', 'dist/examples/blog/app.js', '--export', 'buildApp'], { BLOG_DB: join(dir, 'blog.db') })
  t.equal(blog.code, 0, blog.stderr)
  t.match(blog.stdout, /GET\s+\/posts\/:id\s+public, max-age=60\s+last_viewed_post\s+filtered\s+-/)
  t.match(blog.stdout, /POST\s+\/logout\s+no-store\s+__Host-session_id, last_viewed_post\s+exempt/)
  t.match(blog.stdout, /GET\s+\/exports\/posts\.csv\s+public, max-age=60\s+-\s+exempt/)
  t.match(blog.stdout, /routes, no findings\n$/)
  const json = await processRun(['audit', 'dist/examples/blog/app.js', '--export', 'buildApp', '--json'], { BLOG_DB: join(dir, 'blog.db') })
  t.equal(JSON.parse(json.stdout).findings, 0)

  const broken = await processRun(['audit', 'test/fixtures/audit/broken.mjs', '--json'])
  t.equal(broken.code, 1)
  t.equal(JSON.parse(broken.stdout).routes.length, 4)
  const notApp = await processRun(['audit', 'test/fixtures/audit/clean.mjs'])
  t.equal(notApp.code, 2)
  t.match(notApp.stderr, /is not a Fastify app/)
  const slow = await processRun(['audit', 'test/fixtures/audit/slow.mjs'], { SLOW_MS: '1600' })
  t.equal(slow.code, 0)
  t.match(slow.stderr, /still loading test\/fixtures\/audit\/slow\.mjs \(1\.\ds\)/)
  const usage = await processRun([])
  t.equal(usage.code, 0)
  t.match(usage.stdout, /^Usage: fastify-reply-kit audit <module>/)
})
