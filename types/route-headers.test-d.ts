// Type tests for routeHeaders, checked by `npm run typecheck`: the @ts-expect-error lines must stay errors.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import routeHeadersDefault, { routeHeaders } from '../plugins/route-headers.js'
import { routeHeaders as fromPackage } from '../plugins/index.js'
import type { HeaderValue, RouteHeadersOptions } from './options.js'
import { Type, type Static } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'

const app = Fastify()
app.register(routeHeaders, {
  headers: { 'x-frame-options': 'DENY', 'x-request-id': (request) => request.id, 'x-none': () => undefined },
  timing: 'server-timing',
})
app.register(routeHeadersDefault, { timing: 'x-response-time' })
app.register(fromPackage, { timing: false })
app.register(routeHeaders)
// @ts-expect-error timing is false, 'server-timing' or 'x-response-time'
app.register(routeHeaders, { timing: true })
// @ts-expect-error timing is not a free string
app.register(routeHeaders, { timing: 'server' })
// @ts-expect-error a header value is a string or a function, not a number
app.register(routeHeaders, { headers: { 'x-a': 1 } })
// @ts-expect-error a header function returns a string or undefined
app.register(routeHeaders, { headers: { 'x-a': () => 1 } })

// config.headers, as in the contract: params are strings.
app.get('/posts/:id', {
  config: { headers: { 'x-post-id': (req) => String(req.params.id), 'x-frame-options': 'DENY' } },
}, async () => 'x')
app.get('/b', { config: { headers: { 'x-a': (req: FastifyRequest, reply: FastifyReply) => `${req.method} ${reply.statusCode}` } } }, async () => 'x')
// @ts-expect-error config.headers values are strings or functions
app.get('/c', { config: { headers: { 'x-a': true } } }, async () => 'x')
// @ts-expect-error config.headers is an object, not a list
app.get('/d', { config: { headers: ['x-a'] } }, async () => 'x')

// Typed params: a header function annotated with the route's own request type is accepted, and
// its params are checked as the route's.
const PostParams = Type.Object({ id: Type.Integer() })
app.withTypeProvider<TypeBoxTypeProvider>().get('/typed/:id', {
  schema: { params: PostParams },
  config: { headers: { 'x-post-id': (req: FastifyRequest<{ Params: Static<typeof PostParams> }>) => req.params.id.toFixed(0) } },
}, async (request) => request.params.id)
app.get('/typed-wrong/:id', {
  // @ts-expect-error the annotated params have no `slug`
  config: { headers: { 'x-post-id': (req: FastifyRequest<{ Params: Static<typeof PostParams> }>) => req.params.slug } },
}, async () => 'x')
app.get('/typed-return/:id', {
  // @ts-expect-error an annotated header function still returns a string or undefined
  config: { headers: { 'x-post-id': (req: FastifyRequest<{ Params: Static<typeof PostParams> }>) => req.params.id } },
}, async () => 'x')
// @ts-expect-error a request type whose params are not a record of the route's is refused
app.register(routeHeaders, { headers: { 'x-a': (req: FastifyRequest<{ Params: number }>) => String(req.params) } })

const value: HeaderValue = 'DENY'
const options: RouteHeadersOptions = { headers: { 'x-a': value } }
export { options }
