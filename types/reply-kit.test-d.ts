// Type tests for the replyKit umbrella, checked by `npm run typecheck`: the @ts-expect-error lines must stay errors.
import Fastify from 'fastify'
import replyKit, { replyKit as named } from '../plugins/index.js'

const app = Fastify()
app.register(replyKit)
app.register(named, {
  cache: { default: 'no-store', cookies: 'downgrade' },
  cookies: { secret: 'a-long-secret', defaults: { sameSite: 'strict' } },
  helpers: { root: '/srv/files' },
  guard: { mode: 'strict', onBypass: 'error' },
  context: {},
  headers: { headers: { 'x-frame-options': 'DENY' }, timing: 'x-response-time' },
})
app.register(replyKit, { cache: false, cookies: false, helpers: false, guard: false, context: false, headers: false })
// @ts-expect-error a part is its options object or false, not true
app.register(replyKit, { cache: true })
// @ts-expect-error the parts' options are checked too
app.register(replyKit, { headers: { timing: 'soon' } })
// @ts-expect-error the guard mode is 'strict', 'warn' or 'off'
app.register(replyKit, { guard: { mode: 'loud' } })
// @ts-expect-error an unknown part
app.register(replyKit, { cookie: {} })
