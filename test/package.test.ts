// The built package (dist/, through package.json "exports"), as users load it: ESM import,
// CommonJS require, and the TypeScript types of both. `npm test` builds before it runs tap.
import { test } from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const run = promisify(execFile)
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'consumer')
const root = join(fixtures, '..', '..', '..')
const env = { ...process.env, NODE_V8_COVERAGE: '' }

test('ESM users import the package and its subpaths by name', async (t) => {
  const { stdout } = await run(process.execPath, [join(fixtures, 'esm.mjs')], { cwd: root, env })
  const seen = JSON.parse(stdout)
  t.equal(seen.default, 'function', 'the default export is the replyKit plugin')
  t.same(seen.exports, ['cacheControl', 'secureCookies', 'replyHelpers', 'responseGuard', 'replyContext', 'routeHeaders', 'useReply', 'useRequest'])
  t.equal(seen.subpath, true, 'the subpath export is the same plugin object')
  t.equal(seen.pluginName, 'fastify-reply-kit/cacheControl')
})

test('CommonJS users require the package by name', async (t) => {
  const { stdout } = await run(process.execPath, [join(fixtures, 'cjs.cjs')], { cwd: root, env })
  t.same(JSON.parse(stdout), { default: 'function', cacheControl: 'function', subpath: true, errorCode: 'FST_REPLYKIT_NO_CONTEXT' })
})

test('TypeScript users get the types from ESM and from CommonJS', async (t) => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const result = await run(process.execPath, [tsc, '-p', join(fixtures, 'tsconfig.json')], { cwd: root, env })
    .then(() => 'ok', (error: { stdout: string }) => error.stdout)
  t.equal(result, 'ok', 'the consumer fixtures type-check (unused @ts-expect-error would fail too)')
})
