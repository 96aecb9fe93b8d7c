// docs/options.md stays what the doc comments of types/options.ts say: every option of every
// plugin documented, with its default, and the page regenerated when they change.
import { test } from 'tap'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { join } from 'node:path'
import { OPTIONS_DOC, OPTIONS_SOURCE, optionEntries, optionsReference, PLUGIN_OPTIONS } from '../scripts/options-reference.js'
import { tempDir } from './helpers/temp.js'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..')
const loader = join(root, 'node_modules', '@tapjs', 'typescript', 'dist', 'esm', 'import.mjs')

test('docs/options.md is the page the types give (else: npm run docs:options)', async (t) => {
  const source = await readFile(OPTIONS_SOURCE, 'utf8')
  const page = optionsReference(source)
  t.equal(await readFile(OPTIONS_DOC, 'utf8'), page, 'docs/options.md is up to date: run `npm run docs:options`')
  for (const { plugin, type } of PLUGIN_OPTIONS) {
    const entries = optionEntries(source, type)
    t.ok(Array.isArray(entries) && entries.length > 0, `${plugin}: every option has a doc comment and a @default`)
    t.match(page, `## ${plugin}\n`)
  }
  t.match(page, "| `rawCookies` | `'secure' \\| 'strict' \\| 'off'` |", 'a union type, its bars escaped for the table')
  t.match(page, "| `mode` | `'strict' \\| 'warn' \\| 'off'` | Findings at start-up fail", 'the doc comment is the description')
  t.match(page, "| `'warn'` |\n", 'the @default is the last cell')
})

test('an option without a doc comment or a default is named', async (t) => {
  // As the types are written: each option on its own line, its doc comment above it.
  const one = (member: string): string => `export interface A {\n  ${member.replace(' */ ', ' */\n  ')}\n}\n`
  t.same(optionEntries(one('/** x @default `1` */ a?: number'), 'B'), { missing: 'interface B' })
  t.same(optionEntries(one('b?: number'), 'A'), { missing: 'A.b: a doc comment' })
  t.same(optionEntries(one('/** what b is */ b?: number'), 'A'), { missing: 'A.b: a @default tag with its value' })
  t.same(optionEntries(one('/** what b is @default */ b?: number'), 'A'), { missing: 'A.b: a @default tag with its value' })
  t.same(optionEntries(one('/** x @default `1` */ m (): void'), 'A'), { missing: 'A: a member that is not a typed property' })
  t.same(optionEntries(one('/** What a is. @default `1` */ a?: number | string'), 'A'), [{ name: 'a', type: 'number | string', doc: 'What a is.', default: '`1`' }])
  t.throws(() => optionsReference('export interface Other {}'), /types\/options\.ts lacks interface ReplyKitOptions/)
})

test('as a command: prints the page, or writes it with --write', async (t) => {
  const page = optionsReference(await readFile(OPTIONS_SOURCE, 'utf8'))
  const script = join(root, 'scripts', 'options-reference.ts')
  const printed = await run(process.execPath, ['--import', `file://${loader}`, script], { cwd: root })
  t.equal(printed.stdout, page)
  const target = join(await tempDir(t), 'options.md')
  await run(process.execPath, ['--import', `file://${loader}`, script, '--write', target], { cwd: root })
  t.equal(await readFile(target, 'utf8'), page)
})
