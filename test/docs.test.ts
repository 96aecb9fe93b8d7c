// Doc tests: every ```ts block of README.md and docs/*.md type-checks against the package's
// sources (strict, as users compile), and the blocks marked `<!-- doc-test: run -->` run to their
// end. The convention for fragments (hidden preludes) is in docs/CONTRIBUTING-docs.md.
import t, { test } from 'tap'
import { execFile } from 'node:child_process'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { dirname, join, relative } from 'node:path'
import { docBlocks, type DocBlock } from './helpers/doc-blocks.js'

const run = promisify(execFile)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const work = join(root, '.doc-tests')
const env = { ...process.env, NODE_V8_COVERAGE: '' }
// One type check of every block: more than tap's per-file timeout on a busy machine.
t.setTimeout(600_000)

interface Written { doc: string, block: DocBlock, file: string, offset: number }

async function docFiles (): Promise<string[]> {
  const docs = existsSync(join(root, 'docs')) ? (await readdir(join(root, 'docs'))).filter(f => f.endsWith('.md')).map(f => join('docs', f)) : []
  return ['README.md', ...docs.sort()]
}

/** Each block as its own ES module: the prelude, then the block; `export {}` keeps it a module. */
async function writeBlocks (): Promise<Written[]> {
  await rm(work, { recursive: true, force: true })
  await mkdir(work, { recursive: true })
  const written: Written[] = []
  for (const doc of await docFiles()) {
    const blocks = docBlocks(await readFile(join(root, doc), 'utf8'))
    for (const [index, block] of blocks.entries()) {
      if (block.mode === 'skip') continue
      const file = join(work, `${doc.replace(/\W+/g, '-')}-${index + 1}.mts`)
      const head = block.prelude === '' ? '' : block.prelude + '\n'
      await writeFile(file, `${head}${block.code}\nexport {}\n`)
      written.push({ doc, block, file, offset: head.split('\n').length - 1 })
    }
  }
  await writeFile(join(work, 'tsconfig.json'), JSON.stringify({
    extends: '../tsconfig.json',
    compilerOptions: {
      noEmit: true,
      noUnusedLocals: false,
      noUnusedParameters: false,
      rootDir: '..',
      paths: { 'fastify-reply-kit': ['../plugins/index.ts'], 'fastify-reply-kit/*': ['../plugins/*.ts'] },
    },
    include: ['*.mts'],
  }))
  return written
}

/** tsc's errors, mapped back to the Markdown file and line. */
function byDoc (output: string, written: Written[]): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const line of output.split('\n')) {
    const match = /^(.*?\.mts)\((\d+),(\d+)\): (error .*)$/.exec(line.trim())
    if (match === null) continue
    const entry = written.find(w => relative(root, w.file) === match[1] || w.file === match[1] || w.file.endsWith(match[1]))
    const doc = entry?.doc ?? match[1]
    const at = entry === undefined ? '' : Number(match[2]) - entry.offset < 1 ? ' (in its prelude)' : `:${entry.block.line + Number(match[2]) - entry.offset - 1}`
    found.set(doc, [...found.get(doc) ?? [], `${doc}${at}: ${match[4]}`])
  }
  return found
}

test('every ts block of the docs type-checks, and the runnable ones run', async (t) => {
  const written = await writeBlocks()
  t.teardown(() => rm(work, { recursive: true, force: true }))
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const output = await run(process.execPath, [tsc, '-p', join(work, 'tsconfig.json')], { cwd: root, env, maxBuffer: 1 << 24 })
    .then(() => '', (error: { stdout: string }) => error.stdout)
  const errors = byDoc(output, written)
  for (const doc of await docFiles()) {
    const problems = errors.get(doc) ?? []
    t.same(problems, [], `${doc}: its ts blocks type-check`)
  }
  const loader = join(root, 'node_modules', '@tapjs', 'typescript', 'dist', 'esm', 'import.mjs')
  for (const { doc, block, file } of written.filter(w => w.block.mode === 'run')) {
    const result = await run(process.execPath, ['--import', `file://${loader}`, file], { cwd: root, env, timeout: 60_000 })
      .then(() => 'ok', (error: { stderr: string }) => error.stderr.slice(0, 2000))
    t.equal(result, 'ok', `${doc}:${block.line}: runs to its end`)
  }
})
