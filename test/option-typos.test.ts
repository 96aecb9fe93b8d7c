// Option typos: every unknown key or name lists the valid ones and suggests the closest, at
// registration or when the route is added (app.ready() rejects).
import { test } from 'tap'
import Fastify from 'fastify'
import replyKit, { cacheControl, replyHelpers } from '../plugins/index.js'
import { checkOptionKeys, closestMatch, suggestion } from '../lib/option-keys.js'
import { buildPresetTable, resolveCachePolicy } from '../lib/cache-policy.js'

test('closest match: one edit for short words, a third of the letters for long ones, swaps count once', async (t) => {
  t.equal(closestMatch('error', ['presets', 'default', 'errors']), 'errors')
  t.equal(closestMatch('pubic', ['public', 'private']), 'public')
  t.equal(closestMatch('hepers', ['helpers', 'headers']), 'helpers')
  t.equal(closestMatch('formulaEsacpe', ['bom', 'formulaEscape']), 'formulaEscape')
  t.equal(closestMatch('MAXAGE', ['maxAge']), 'maxAge', 'case does not count')
  t.equal(closestMatch('zzz', ['cache', 'cookies']), undefined)
  t.equal(closestMatch('', ['a']), 'a')
  t.equal(closestMatch('x', []), undefined)
  t.equal(suggestion('zzz', ['a', 'b']), 'Valid: a, b')
})

test('checkOptionKeys accepts Fastify\'s own register options on plugin options only', async (t) => {
  checkOptionKeys({ a: 1, prefix: '/x', logLevel: 'info', logSerializers: {} }, ['a'], { where: 'p' })
  t.throws(() => checkOptionKeys({ prefix: '/x' }, ['a'], { where: 'p csv', fastify: false, path: 'csv.' }),
    { code: 'FST_REPLYKIT_BAD_OPTION', message: 'Invalid option csv.prefix: is not an option of p csv; Valid: a' })
})

test('replyKit: a misspelt part is refused with the parts listed and the closest named', async (t) => {
  const app = Fastify()
  app.register(replyKit, { hepers: {} } as never)
  await t.rejects(async () => await app.ready(), {
    code: 'FST_REPLYKIT_BAD_OPTION',
    message: 'Invalid option hepers: is not an option of replyKit; did you mean `helpers`? Valid: context, cookies, headers, helpers, guard, cache',
  })
  const ok = Fastify()
  await ok.register(replyKit, { prefix: '/v1', logLevel: 'warn' } as never)
  await ok.close()
})

test('replyHelpers: unknown keys, in csv and redirects too', async (t) => {
  for (const [options, message] of [
    [{ roots: '/tmp' }, 'Invalid option roots: is not an option of replyHelpers; did you mean `root`? Valid: root, redirects, csv'],
    [{ csv: { bomb: true } }, 'Invalid option csv.bomb: is not an option of replyHelpers csv; did you mean `bom`? Valid: bom, formulaEscape'],
    [{ redirects: { fallbak: '/' } }, 'Invalid option redirects.fallbak: is not an option of replyHelpers redirects; did you mean `fallback`? Valid: allowedOrigins, fallback'],
  ] as const) {
    const app = Fastify()
    app.register(replyHelpers, options as never)
    await t.rejects(async () => await app.ready(), { code: 'FST_REPLYKIT_BAD_OPTION', message })
  }
})

test('cache policies: a preset typo and a field typo get the closest name', async (t) => {
  const presets = buildPresetTable({ 'cdn-short': { preset: 'public', sMaxAge: 60 } })
  t.throws(() => resolveCachePolicy('pubic', presets), { field: '', message: /'pubic' is neither a preset nor a valid Cache-Control value: .*; as a preset name: did you mean `public`\? Valid: public, private, no-store, revalidate, immutable, cdn-short$/ })
  t.throws(() => resolveCachePolicy('public, max-agee=5', presets), { message: /^'public, max-agee=5' is neither a preset nor a valid Cache-Control value: 'max-agee' is not a known Cache-Control response directive$/ })
  t.throws(() => resolveCachePolicy({ preset: 'cdn-shrt' }, presets), { field: 'preset', message: /'cdn-shrt' is not a known preset; did you mean `cdn-short`\?/ })
  t.throws(() => resolveCachePolicy({ preset: 'public', maxAgee: 5 }, presets), { field: 'maxAgee', message: /^is not a known field; did you mean `maxAge`\? Valid: preset, public, private, maxAge/ })
  t.throws(() => resolveCachePolicy({ cdn: { maxAge: 1, sMaxage: 5 } }, presets), { field: 'cdn.sMaxage', message: /did you mean `sMaxAge`\? Valid: maxAge, sMaxAge, staleWhileRevalidate, staleIfError, noStore$/ })
  t.throws(() => buildPresetTable({ mine: { preset: 'revalidat' } }), { field: 'mine.preset', message: /did you mean `revalidate`/ })
  t.throws(() => buildPresetTable({ mine: { preset: 'mne' } }), { field: 'mine.preset', message: /did you mean `mine`/ })
})

test('cacheControl: route config with a preset typo fails when the route is added, naming the route and the closest preset', async (t) => {
  const app = Fastify()
  await app.register(cacheControl, {})
  t.throws(() => app.get('/posts', { config: { cache: 'pubic' } }, async () => 'x'),
    { code: 'FST_REPLYKIT_BAD_CACHE_POLICY', message: /GET \/posts.*did you mean `public`/ })
  await app.close()
})
