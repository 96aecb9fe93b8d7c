// Type tests for secureCookies: checked by `npm run typecheck`; each @ts-expect-error must stay an error.
import Fastify from 'fastify'
import replyKitDefault, { secureCookies } from '../plugins/secure-cookies.js'
import { secureCookies as fromIndex, type SecureCookiesOptions, type CookieOptions } from '../plugins/index.js'

const app = Fastify()
/** Marks values as used. */
function use (..._values: unknown[]): void {}

// The plugin is the same from the subpath default, the named export and the package entry.
const samePlugin: typeof secureCookies = replyKitDefault
use(samePlugin)
use(fromIndex)

app.register(secureCookies)
app.register(secureCookies, {
  secret: ['new-secret', 'old-secret'],
  defaults: { secure: 'auto', sameSite: 'strict', priority: 'high' },
  cookies: {
    '__Host-session': { maxAge: 3600, signed: true },
    prefs: { domain: 'example.com', path: '/app', httpOnly: false, partitioned: true, sameSite: 'none' },
  },
  onlyDeclared: true,
})
app.register(secureCookies, { secret: Buffer.from('secret') })

// @ts-expect-error sameSite is 'lax' | 'strict' | 'none' | boolean
app.register(secureCookies, { defaults: { sameSite: 'loose' } })
// @ts-expect-error priority is 'low' | 'medium' | 'high'
app.register(secureCookies, { cookies: { a: { priority: 'urgent' } } })
// @ts-expect-error secure is boolean | 'auto'
app.register(secureCookies, { defaults: { secure: 'yes' } })
// @ts-expect-error onlyDeclared is a boolean
app.register(secureCookies, { onlyDeclared: 'yes' })
// @ts-expect-error secret is a string, a string array or a Buffer
app.register(secureCookies, { secret: 42 })
// @ts-expect-error encode is not an option: values are always encoded
app.register(secureCookies, { defaults: { encode: (v: string) => v } })
// @ts-expect-error unknown option
app.register(secureCookies, { onlyDeclare: true })

const options: SecureCookiesOptions = { cookies: { sid: { maxAge: 60 } } }
const cookie: CookieOptions = { secure: 'auto', expires: new Date() }
use(options)
use(cookie)

app.get('/', async (request, reply) => {
  // The @fastify/cookie methods keep their types, with secure: 'auto' and signed.
  reply.setCookie('sid', 'v', { secure: 'auto', signed: true, sameSite: 'lax' })
  reply.cookie('sid', 'v')
  reply.clearCookie('sid', { path: '/app' })
  const value: string | undefined = request.cookies.sid
  const unsigned = request.unsignCookie(value ?? '')
  if (unsigned.valid) {
    const plain: string = unsigned.value
    use(plain)
  }
  const signed: string = reply.signCookie('x')
  use(signed)
  // @ts-expect-error the value is a string
  reply.setCookie('sid', 42)
  // @ts-expect-error sameSite garbage
  reply.setCookie('sid', 'v', { sameSite: 'loose' })
  // @ts-expect-error priority garbage
  reply.setCookie('sid', 'v', { priority: 'urgent' })
  // @ts-expect-error maxAge is a number of seconds
  reply.setCookie('sid', 'v', { maxAge: '1h' })
  return 'ok'
})

// Encrypted cookies, cookies read back, Clear-Site-Data, raw lines, route cookie lists.
app.register(secureCookies, {
  keys: [{ id: 'k2', key: Buffer.alloc(32) }, { id: 'k1', key: 'a-64-character-hex-string' }],
  cookies: { last_viewed_post: { encrypted: true, maxAge: 3600 } },
  rawCookies: 'strict',
})
// @ts-expect-error rawCookies is 'secure' | 'strict' | 'off'
app.register(secureCookies, { rawCookies: 'loose' })
// @ts-expect-error a key needs an id
app.register(secureCookies, { keys: [{ key: 'k' }] })
// @ts-expect-error encrypted is a boolean
app.register(secureCookies, { cookies: { a: { encrypted: 'yes' } } })

app.get('/posts/:id', { config: { cookies: ['last_viewed_post'] } }, async (request, reply) => {
  reply.setCookie('last_viewed_post', '42', { encrypted: true })
  const plain: string | undefined = request.readCookie('last_viewed_post')
  const outgoing = reply.outgoingCookies()
  const first: { name: string, value: string, cleared: boolean, options: CookieOptions } | undefined = outgoing[0]
  use(plain, first)
  // @ts-expect-error readCookie takes a name
  request.readCookie()
  return reply.clearSiteData().clearSiteData(['cookies', 'storage']).send('ok')
})
// @ts-expect-error config.cookies is a list of names
app.get('/bad', { config: { cookies: 'last_viewed_post' } }, async () => 'x')
// @ts-expect-error only the Clear-Site-Data types
app.get('/bad2', async (_request, reply) => reply.clearSiteData(['everything']))
