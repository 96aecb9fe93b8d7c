// The built package's types where users compile them: a fresh project with the package in its
// node_modules (a link to this one, as `npm install` of the tarball would lay it out), type-checked
// with skipLibCheck false under NodeNext (ESM .mts and CommonJS .cts), Bundler and Node10
// resolution. `npm test` builds dist/ before tap runs.
import t, { test } from 'tap'
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const run = promisify(execFile)
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'consumer')
const root = join(fixtures, '..', '..', '..')
const env = { ...process.env, NODE_V8_COVERAGE: '' }

async function consumerProject (): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reply-kit-consumer-'))
  await mkdir(join(dir, 'node_modules', '@types'), { recursive: true })
  await symlink(root, join(dir, 'node_modules', 'fastify-reply-kit'), 'dir')
  await symlink(join(root, 'node_modules', 'fastify'), join(dir, 'node_modules', 'fastify'), 'dir')
  await symlink(join(root, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir')
  for (const file of await readdir(fixtures)) {
    if (/\.(?:ts|mts|cts|json)$/.test(file)) await cp(join(fixtures, file), join(dir, file))
  }
  return dir
}

// This file runs three full type checks of fastify's types: more than tap's per-file timeout on a busy machine.
t.setTimeout(600_000)

// Three full type checks of fastify's types: slow on a busy machine, so in parallel and given time.
test('the types compile under every moduleResolution users pick, with skipLibCheck false', { timeout: 600_000 }, async (t) => {
  const dir = await consumerProject()
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const configs = ['tsconfig.json', 'tsconfig.bundler.json', 'tsconfig.node10.json']
  const results = await Promise.all(configs.map(async config =>
    await run(process.execPath, [tsc, '-p', join(dir, config)], { cwd: dir, env }).then(() => 'ok', (error: { stdout: string }) => error.stdout)))
  configs.forEach((config, i) => t.equal(results[i], 'ok', `${config}: the consumer fixtures type-check (an unused @ts-expect-error would fail too)`))
})
