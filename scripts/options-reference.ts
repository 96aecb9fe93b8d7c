// docs/options.md, generated from the doc comments of types/options.ts: every option of every
// plugin with its type, what it does and its default, in one table per plugin. `npm run docs:options`
// writes the file; test/options-reference.test.ts fails when the file and the types differ.
//
//   node --import ./node_modules/@tapjs/typescript/dist/esm/import.mjs scripts/options-reference.ts [--write <file>]
import ts from 'typescript'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const OPTIONS_SOURCE = join(root, 'types', 'options.ts')
export const OPTIONS_DOC = join(root, 'docs', 'options.md')

/** The plugins, in the README's order, with the interface of their options and their reference page. */
export const PLUGIN_OPTIONS: ReadonlyArray<{ plugin: string, type: string, page: string }> = [
  { plugin: 'replyKit', type: 'ReplyKitOptions', page: '../README.md#replykit' },
  { plugin: 'cacheControl', type: 'CacheControlOptions', page: 'cache-control.md' },
  { plugin: 'secureCookies', type: 'SecureCookiesOptions', page: 'cookies.md' },
  { plugin: 'replyHelpers', type: 'ReplyHelpersOptions', page: 'reply-helpers.md' },
  { plugin: 'responseGuard', type: 'ResponseGuardOptions', page: 'response-guard.md' },
  { plugin: 'routeHeaders', type: 'RouteHeadersOptions', page: 'route-headers.md' },
]

export interface OptionEntry { name: string, type: string, doc: string, default: string }

const cell = (text: string): string => text.replace(/\s+/g, ' ').replaceAll('|', '\\|').trim()

/** The options of one interface of `source`, or a reason naming what is missing. */
export function optionEntries (source: string, typeName: string): OptionEntry[] | { missing: string } {
  const file = ts.createSourceFile('options.ts', source, ts.ScriptTarget.ES2022, true)
  const found = file.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === typeName)
  if (found === undefined) return { missing: `interface ${typeName}` }
  const entries: OptionEntry[] = []
  for (const member of found.members) {
    if (!ts.isPropertySignature(member) || member.type === undefined) return { missing: `${typeName}: a member that is not a typed property` }
    const name = member.name.getText(file)
    const jsDoc = ts.getJSDocCommentsAndTags(member).find(ts.isJSDoc)
    const doc = ts.getTextOfJSDocComment(jsDoc?.comment)
    const fallback = ts.getTextOfJSDocComment(jsDoc?.tags?.find(tag => tag.tagName.text === 'default')?.comment)
    if (doc === undefined || doc.trim() === '') return { missing: `${typeName}.${name}: a doc comment` }
    if (fallback === undefined || fallback.trim() === '') return { missing: `${typeName}.${name}: a @default tag with its value` }
    entries.push({ name, type: member.type.getText(file), doc: cell(doc), default: cell(fallback) })
  }
  return entries
}

/** The whole page, from the source text of types/options.ts. */
export function optionsReference (source: string): string {
  const parts = [
    '# Options of every plugin',
    '',
    '<!-- Generated from the doc comments of types/options.ts by `npm run docs:options`; do not edit.',
    '     test/options-reference.test.ts fails when this page and the types differ. -->',
    '',
    'Options are checked when the plugin is registered: an unknown key or a wrong value fails',
    'registration with `FST_REPLYKIT_BAD_OPTION`, naming the key and the valid ones.',
  ]
  for (const { plugin, type, page } of PLUGIN_OPTIONS) {
    const entries = optionEntries(source, type)
    if (!Array.isArray(entries)) throw new Error(`types/options.ts lacks ${entries.missing}`)
    parts.push('', `## ${plugin}`, '', `\`${type}\`; the reference: [${page.replace('../', '')}](${page}).`, '',
      '| option | type | what | default |', '| --- | --- | --- | --- |')
    for (const entry of entries) parts.push(`| \`${entry.name}\` | \`${cell(entry.type)}\` | ${entry.doc} | ${entry.default} |`)
  }
  return parts.join('\n') + '\n'
}

if (fileURLToPath(import.meta.url) === process.argv[1]) {
  const page = optionsReference(readFileSync(OPTIONS_SOURCE, 'utf8'))
  const at = process.argv.indexOf('--write')
  if (at === -1) process.stdout.write(page)
  else writeFileSync(process.argv[at + 1] as string, page)
}
