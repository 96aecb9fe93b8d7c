// Exact option types and preset-name completion, checked by `npm run typecheck`: each expected
// error below must stay an error.
import Fastify, { type ReplyKitCachePresets } from 'fastify'
import replyKit, { cacheControl, type BuiltInPresetName, type CachePolicy, type CachePolicyInput, type PresetName } from '../plugins/index.js'

declare module 'fastify' {
  interface ReplyKitCachePresets { 'cdn-short': true }
}

const app = Fastify()
/** Marks values as used. */
function use (..._values: unknown[]): void {}

// A misspelt field is refused wherever a policy is written out.
// @ts-expect-error maxAgee is not a field (maxAge is)
app.register(cacheControl, { default: { preset: 'public', maxAgee: 5 } })
// @ts-expect-error error is not an option (errors is)
app.register(cacheControl, { error: 'no-store' })
// @ts-expect-error maxAgee is not a field
app.register(replyKit, { cache: { presets: { short: { maxAgee: 5 } } } })
// @ts-expect-error maxAgee is not a field
const policy: CachePolicy = { preset: 'public', maxAgee: 5 }
use(policy)
// @ts-expect-error maxAgee is not a field
use({ preset: 'public', maxAgee: 5 } satisfies CachePolicyInput)
app.get('/', async (_req, reply) => {
  // @ts-expect-error maxAgee is not a field
  reply.cache({ preset: 'public', maxAgee: 5 })
  // @ts-expect-error helpers: csv has no bommm
  reply.csv([], { bommm: true })
  return reply.cache({ preset: 'immutable', maxAge: '1y' })
})
// @ts-expect-error replyKit has no part `helper`
app.register(replyKit, { helper: {} })

// Preset names: the built-in ones and the app's own complete; any string still type-checks
// (a raw Cache-Control value, or a name checked when the route is added).
const names: PresetName[] = ['public', 'private', 'no-store', 'revalidate', 'immutable', 'cdn-short', 'public, max-age=60']
use(names)
// What an editor completes: the literal members of the union.
type Completions = BuiltInPresetName | Extract<keyof ReplyKitCachePresets, string>
const completions: Completions[] = ['revalidate', 'cdn-short']
// @ts-expect-error a name nobody declared is no completion
const typo: Completions = 'pubic'
use(completions, typo)
app.get('/a', { config: { cache: 'cdn-short' } }, async () => 'x')
app.get('/b', { config: { cache: { preset: 'cdn-short', maxAge: '5m' } } }, async () => 'x')
