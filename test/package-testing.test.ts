// The built fastify-reply-kit/testing subpath (dist/, through package.json "exports") as users load
// it: ESM import, CommonJS require, TypeScript types. `npm test` builds before it runs tap.
import { test } from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const run = promisify(execFile)
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'consumer-testing')
const root = join(fixtures, '..', '..', '..')
const env = { ...process.env, NODE_V8_COVERAGE: '' }

test('ESM users import fastify-reply-kit/testing', async (t) => {
  const { stdout } = await run(process.execPath, [join(fixtures, 'esm.mjs')], { cwd: root, env })
  t.same(JSON.parse(stdout), {
    exports: ['auditRoutes', 'expectCacheable', 'expectCookie', 'expectNoLeak', 'expectNotCacheable', 'policyTable', 'sealedCookie', 'signedCookie'],
    cookie: 'b',
    signed: true,
    findings: [],
  })
})

test('CommonJS users require fastify-reply-kit/testing', async (t) => {
  const { stdout } = await run(process.execPath, [join(fixtures, 'cjs.cjs')], { cwd: root, env })
  t.same(JSON.parse(stdout), { ttl: 60, leak: 'the body leaks 2 properties:\n$.password: "password" looks like a secret\n$.password: "password" is not declared in the schema' })
})

test('TypeScript users get the types of fastify-reply-kit/testing', async (t) => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const result = await run(process.execPath, [tsc, '-p', join(fixtures, 'tsconfig.json')], { cwd: root, env })
    .then(() => 'ok', (error: { stdout: string }) => error.stdout)
  t.equal(result, 'ok')
})

test('the package declares the bin and ships it', async (t) => {
  const pkg = JSON.parse(await (await import('node:fs/promises')).readFile(join(root, 'package.json'), 'utf8'))
  t.same(pkg.bin, { 'fastify-reply-kit': './dist/bin/fastify-reply-kit.js' })
  t.ok(pkg.files.includes('dist/bin') && pkg.files.includes('dist/testing'))
  t.ok(pkg.dependencies['set-cookie-parser'] && pkg.dependencies['http-cache-semantics'], 'run-time dependencies of the helpers')
  const { stdout } = await run(process.execPath, [join(root, pkg.bin['fastify-reply-kit']), '--help'], { cwd: root, env })
  t.match(stdout, /^Usage: fastify-reply-kit audit/)
})
