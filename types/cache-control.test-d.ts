// Type tests for cacheControl, checked by `npm run typecheck` (tsc --noEmit): the @ts-expect-error
// lines must stay errors.
import Fastify, { type FastifyContextConfig, type FastifyReply, type RouteShorthandOptions } from 'fastify'
import cacheControlDefault, { cacheControl } from '../plugins/cache-control.js'
import type { CachePolicy, CachePolicyInput, Duration } from './options.js'
import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'

const app = Fastify()
app.register(cacheControl, {
  presets: { article: { preset: 'public', maxAge: '1h', sMaxAge: '1d', vary: ['Accept-Encoding'] } },
  default: 'no-store',
  errors: false,
  cookies: 'off',
  authorization: 'downgrade',
})
app.register(cacheControlDefault)
app.register(cacheControl, { errors: { noStore: true } })
// @ts-expect-error cookies is 'downgrade' or 'off'
app.register(cacheControl, { cookies: 'on' })
// @ts-expect-error authorization is 'downgrade' or 'off'
app.register(cacheControl, { authorization: true })
// @ts-expect-error a preset is a policy object, not a header string
app.register(cacheControl, { presets: { article: 'public' } })

// config.cache: a preset name, a raw header value, or a policy.
app.get('/a', { config: { cache: 'public' } }, async () => 'x')
app.get('/b', { config: { cache: 'public, max-age=60' } }, async () => 'x')
app.get('/c', {
  config: {
    cache: {
      preset: 'public',
      maxAge: '1h',
      sMaxAge: 86400,
      staleWhileRevalidate: '30s',
      staleIfError: '1d',
      noTransform: true,
      mustRevalidate: true,
      proxyRevalidate: false,
      mustUnderstand: true,
      immutable: false,
      noCache: false,
      cdn: { maxAge: '1y', sMaxAge: 60, staleWhileRevalidate: '1m', staleIfError: '2w', noStore: false },
      vary: ['Origin'],
      etag: true,
    },
  },
}, async () => 'x')
// Wrong input. Fastify infers a route's ContextConfig from the literal, which hides some mistakes
// inside app.get(...) itself; a typed FastifyContextConfig (or RouteShorthandOptions) catches all.
// @ts-expect-error a duration is seconds or a number with a unit s m h d w y
app.get('/e', { config: { cache: { maxAge: '5 minutes' } } }, async () => 'x')
// @ts-expect-error flags are booleans
app.get('/f', { config: { cache: { public: 'yes' } } }, async () => 'x')
// @ts-expect-error vary is an array of names
app.get('/g', { config: { cache: { vary: 'Origin' } } }, async () => 'x')
// @ts-expect-error unknown field
const unknownField: FastifyContextConfig = { cache: { maxage: 60 } }
// @ts-expect-error a number is not a policy
const numberPolicy: FastifyContextConfig = { cache: 60 }
// @ts-expect-error cdn has no `public`
const cdnPublic: RouteShorthandOptions = { config: { cache: { cdn: { public: true } } } }
// @ts-expect-error a duration is not a fraction of a unit in words
const words: FastifyContextConfig = { cache: { staleIfError: 'one day' } }
const good: RouteShorthandOptions = { config: { cache: { preset: 'public', maxAge: '1h' } } }
app.get('/k', good, async () => 'x')

// reply.cache(): the same inputs, and it chains.
app.get('/j', async (_request, reply) => {
  const same: FastifyReply = reply.cache('no-store')
  reply.cache({ preset: 'immutable', etag: true }).code(200)
  // @ts-expect-error a number is not a policy
  reply.cache(60)
  // @ts-expect-error unknown field
  reply.cache({ maxAge: 60, shared: true })
  // @ts-expect-error a policy is required
  reply.cache()
  return same === reply
})

const durations: Duration[] = [0, 60, '90s', '5m', '1h', '7d', '2w', '1y']
// @ts-expect-error months are not a unit
const month: Duration = '1mo'
const input: CachePolicyInput = { maxAge: durations[1] } satisfies CachePolicy
export { month, input, unknownField, numberPolicy, cdnPublic, words }

// Reply decorators return `this`: a chained reply keeps the route's reply type, so the type
// provider still checks what is sent after `reply.cache(...)`, `reply.attachment(...)` and the rest.
const Row = Type.Object({ id: Type.Integer() })
app.withTypeProvider<TypeBoxTypeProvider>().get('/typed-chain', {
  schema: { response: { 200: Row } },
}, async (_request, reply) => {
  // @ts-expect-error the 200 schema has `id: integer`, not a string
  reply.cache('public').send({ id: 'x' })
  // @ts-expect-error the chain through every decorator keeps the check
  reply.cache('private').attachment('a.json').code(200).send({ id: 'x' })
  return reply.cache('public').code(200).send({ id: 1 })
})
