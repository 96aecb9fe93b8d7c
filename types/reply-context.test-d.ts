// Type tests for replyContext, checked by `npm run typecheck`: the @ts-expect-error lines must stay errors.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import replyContextDefault, { replyContext, useReply, useRequest } from '../plugins/reply-context.js'
import { replyContext as fromPackage, useReply as useReplyFromPackage } from '../plugins/index.js'

const app = Fastify()
app.register(replyContext)
app.register(replyContextDefault, {})
app.register(fromPackage)

const reply: FastifyReply = useReply()
const request: FastifyRequest = useRequest()
// The merged decorators of the suite are there: cache, cookies (with @fastify/cookie), helpers.
const chained: FastifyReply = useReplyFromPackage().header('x-a', '1').code(201).cache('private')
// @ts-expect-error useReply takes no argument
useReply(reply)
// @ts-expect-error useRequest returns a request, not a reply
const wrong: FastifyReply = useRequest()
export { reply, request, chained, wrong }
