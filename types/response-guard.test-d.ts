// Type tests for responseGuard: checked by `npm run typecheck`; each @ts-expect-error must stay an error.
import Fastify, { type FastifyContextConfig, type RouteShorthandOptions } from 'fastify'
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import responseGuardDefault, { responseGuard } from '../plugins/response-guard.js'
import { responseGuard as fromIndex, type ResponseGuardOptions, type ResponsePolicy } from '../plugins/index.js'

const app = Fastify()
app.register(responseGuard, { mode: 'strict', requireSchema: false, sensitive: ['pin', /^ssn$/i], onBypass: 'error' })
app.register(responseGuardDefault)
app.register(fromIndex, { mode: 'off' })
const options: ResponseGuardOptions = { mode: 'warn', onBypass: 'filter' }
app.register(responseGuard, options)
// @ts-expect-error mode is 'strict', 'warn' or 'off'
app.register(responseGuard, { mode: 'loud' })
// @ts-expect-error onBypass is 'filter' or 'error'
app.register(responseGuard, { onBypass: 'drop' })
// @ts-expect-error sensitive is a list of strings and RegExps
app.register(responseGuard, { sensitive: 'password' })
// @ts-expect-error requireSchema is a boolean
app.register(responseGuard, { requireSchema: 'yes' })

// config.guard: false, or per-route options.
app.get('/file', { config: { guard: false } }, async () => 'x')
app.get('/me', { config: { guard: { sensitive: ['nickname'] } } }, async () => 'x')
const exempt: FastifyContextConfig = { guard: false }
const shorthand: RouteShorthandOptions = { config: { guard: { sensitive: ['pin', /^ssn$/] } } }
// @ts-expect-error guard: true means nothing
const on: FastifyContextConfig = { guard: true }
// @ts-expect-error a route cannot change the mode
const mode: FastifyContextConfig = { guard: { mode: 'off' } }
// @ts-expect-error sensitive is a list
const one: RouteShorthandOptions = { config: { guard: { sensitive: 'pin' } } }

// app.responsePolicies(): the contract's table.
const policies: ResponsePolicy[] = app.responsePolicies()
const first = policies[0]
const status: 'filtered' | 'missing' | 'open' | 'exempt' = first.schema
const cache: string | undefined = first.cache
const findings: string[] = first.findings
const where: string = `${first.method} ${first.url}`
// @ts-expect-error schema is one of four words
const wrong: 'closed' = first.schema
// @ts-expect-error responsePolicies takes no argument
app.responsePolicies('GET')

// Composes with the TypeBox type provider.
const typed = Fastify().withTypeProvider<TypeBoxTypeProvider>()
typed.register(responseGuard, { mode: 'strict' })
typed.get('/user', {
  schema: { response: { 200: Type.Object({ id: Type.Number(), name: Type.String() }) } },
  config: { guard: { sensitive: [/token/] } },
}, async () => ({ id: 1, name: 'ada' }))
// @ts-expect-error the schema still types the handler's return value
typed.get('/bad', { schema: { response: { 200: Type.Object({ id: Type.Number() }) } } }, async () => ({ id: 'one' }))

export { status, cache, findings, where, wrong, exempt, shorthand, on, mode, one }
