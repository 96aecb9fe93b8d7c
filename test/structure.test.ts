// The layout the house style asks for, checked so it cannot drift: lib/ is Fastify-free and imports
// nothing from types/ or plugins/; the top of plugins/ is the package's export list; no source file
// is over 300 lines.
import { test } from 'tap'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const IMPORT = /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g

async function sources (folder: string): Promise<string[]> {
  const entries = await readdir(join(root, folder), { withFileTypes: true, recursive: true })
  return entries.filter(e => e.isFile() && e.name.endsWith('.ts')).map(e => join(e.parentPath, e.name).slice(root.length))
}

function importsOf (text: string): string[] {
  return [...text.matchAll(IMPORT)].map(m => m[1] ?? m[2] ?? '')
}

test('lib/ imports neither Fastify nor types/ nor plugins/', async (t) => {
  const files = await sources('lib')
  t.ok(files.length > 30, 'lib/ is read')
  const offenders: string[] = []
  for (const file of files) {
    for (const spec of importsOf(await readFile(join(root, file), 'utf8'))) {
      if (spec === 'fastify' || spec.startsWith('../') || spec === 'fastify-plugin' || spec === '@fastify/cookie') offenders.push(`${file}: ${spec}`)
    }
  }
  t.same(offenders, [])
})

test('the files at the top of plugins/ are the plugins the package exports', async (t) => {
  const top = (await readdir(join(root, 'plugins'), { withFileTypes: true })).filter(e => e.isFile()).map(e => e.name).sort()
  const index = await readFile(join(root, 'plugins/index.ts'), 'utf8')
  const exported = new Set(importsOf(index).filter(s => s.startsWith('./')).map(s => s.slice(2).replace(/\.js$/, '.ts')))
  t.same(top.filter(name => name !== 'index.ts' && !exported.has(name)), [], 'every top-level file is exported by the entry')
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { default?: string }> }
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target.default === 'string' && target.default.startsWith('./dist/plugins/')) {
      t.ok(top.includes(target.default.slice('./dist/plugins/'.length).replace(/\.js$/, '.ts')), `${subpath} is a top-level plugin file`)
    }
  }
})

test('no source file is over 300 lines', async (t) => {
  const files = (await Promise.all(['lib', 'plugins', 'types', 'testing', 'bin', 'scripts', 'bench', 'examples'].map(sources))).flat()
  const long: string[] = []
  for (const file of files) {
    const lines = (await readFile(join(root, file), 'utf8')).split('\n').length - 1
    if (lines > 300) long.push(`${file}: ${lines}`)
  }
  t.ok(files.length > 100, 'the sources are read')
  t.same(long, [])
})
