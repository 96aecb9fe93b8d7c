// Everything @fastify/cookie's serializer (the cookie package's stringifySetCookie) would refuse at
// send time is refused at the setCookie call with a FST_REPLYKIT_COOKIE_* code: a property test
// over hostile option values against the real serializer, and the handler's body kept over a socket.
import { test } from 'tap'
import fc from 'fast-check'
import Fastify from 'fastify'
import fastifyCookie from '@fastify/cookie'
import { secureCookies } from '../plugins/secure-cookies.js'
import { capCookieAge, checkCookieCombination, checkCookieName, checkCookieOptions, checkCookieValue } from '../lib/cookie-rules.js'
import { mergeCookieOptions, SECURE_COOKIE_DEFAULTS } from '../lib/cookie-options.js'
import type { CookieOptions } from '../types/options.js'
import { listen } from './helpers/server.js'
import { cookieLine } from '../plugins/secure-cookies/lines.js'
import { rawGet } from './helpers/cookie-browser.js'

const hostileText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(...'/<>";=, \t\r\n\u0000\u007f\u00e9\uD800aZ.-_%\\'), maxLength: 12 }),
  fc.constantFrom('/', '/x"><script>', '/a;b', 'example.com', '.example.com', 'exa mple.com', '-bad.com', 'a..b', '')
)
const anyValue = fc.oneof(hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date({ noInvalidDate: false }))
// Mostly plausible values, so that many option sets pass; a hostile one now and then.
const mostly = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: anyValue })
const options = fc.record({
  domain: mostly(fc.oneof(fc.constantFrom('example.com', '.example.com', 'a-b.example.org'), fc.domain())),
  path: mostly(fc.oneof(fc.constantFrom('/', '/app', '/a b/c:d', '/x"y'), fc.webPath().map(p => '/' + p))),
  maxAge: mostly(fc.oneof(fc.integer({ min: 0 }), fc.double({ min: 0, noNaN: true }), fc.constant(Number.MAX_VALUE))),
  expires: mostly(fc.oneof(fc.date({ noInvalidDate: true }), fc.integer({ min: 0, max: 2 ** 45 }))),
  httpOnly: mostly(fc.boolean()),
  secure: mostly(fc.constantFrom(true, 'auto')),
  partitioned: mostly(fc.boolean()),
  priority: mostly(fc.constantFrom('low', 'Medium', 'HIGH')),
  sameSite: mostly(fc.constantFrom('lax', 'Strict', 'NONE', true, false)),
  originalMaxAge: anyValue,
  originalExpires: anyValue,
}, { requiredKeys: [] })

test('property: options that pass the call checks always serialize', async (t) => {
  const app = Fastify()
  await app.register(fastifyCookie)
  await app.ready()
  let accepted = 0
  fc.assert(fc.property(fc.oneof({ weight: 8, arbitrary: fc.constantFrom('sid', '__Secure-b', 'x-y') }, { weight: 1, arbitrary: hostileText }), hostileText, options, (name, value, given) => {
    if (checkCookieName(name) !== undefined || checkCookieValue(value) !== undefined || checkCookieOptions(given) !== undefined) return true
    const merged = mergeCookieOptions(SECURE_COOKIE_DEFAULTS, given as CookieOptions)
    if (merged.secure === 'auto') merged.secure = true
    if (checkCookieCombination(name, merged) !== undefined) return true
    capCookieAge(merged, Date.now())
    accepted++
    app.serializeCookie(name, value, merged as fastifyCookie.SerializeOptions) // throws if the serializer refuses
    return true
  }), { numRuns: 3000 })
  t.ok(accepted > 100, `${accepted} accepted option sets serialized`)
  await app.close()
})

test('property: our Set-Cookie line is exactly the one @fastify/cookie writes, frozen option sets by their cached attributes', async (t) => {
  const app = Fastify()
  await app.register(fastifyCookie)
  await app.ready()
  const serialize = (name: string, value: string, opts: Readonly<CookieOptions>): string => app.serializeCookie(name, value, opts as fastifyCookie.SerializeOptions)
  let compared = 0
  fc.assert(fc.property(fc.constantFrom('sid', '__Secure-b', 'x-y'), fc.string({ maxLength: 30 }), options, fc.boolean(), (name, value, given, frozen) => {
    if (checkCookieValue(value) !== undefined || checkCookieOptions(given) !== undefined) return true
    const merged = mergeCookieOptions(SECURE_COOKIE_DEFAULTS, given as CookieOptions)
    if (merged.secure === 'auto') merged.secure = true
    if (checkCookieCombination(name, merged) !== undefined) return true
    capCookieAge(merged, Date.now())
    const opts = frozen ? Object.freeze(merged) : merged
    // What @fastify/cookie's onSend hook writes for setCookie(name, value, opts).
    const written = app.serializeCookie(name, value, { sameSite: 'lax', ...opts } as fastifyCookie.SerializeOptions)
    compared++
    // Twice: the first computes a frozen set's attribute part, the second reads it back.
    return cookieLine(serialize, name, value, opts) === written && cookieLine(serialize, name, value, opts) === written
  }), { numRuns: 2000 })
  t.ok(compared > 100, `${compared} lines compared`)
  await app.close()
})

test('refused at the call with a code, so the handler can still answer with its body', async (t) => {
  const app = Fastify()
  await app.register(secureCookies, {})
  const attempts: Record<string, CookieOptions> = {
    script_path: { path: '/x"><script>' },
    bad_domain: { domain: 'exa mple.com' },
    bad_priority: { priority: 'urgent' as 'high' },
    bad_samesite: { sameSite: 'sideways' as 'lax' },
    bad_expires: { expires: new Date(Number.NaN) },
    bad_max_age: { maxAge: Number.POSITIVE_INFINITY },
    not_a_flag: { httpOnly: 'yes' as unknown as boolean },
  }
  app.get('/try/:which', async (request, reply) => {
    const { which } = request.params as { which: string }
    try {
      reply.setCookie(which, 'v', attempts[which])
    } catch (err) {
      return { refused: (err as { code: string }).code, message: (err as Error).message }
    }
    return { refused: null }
  })
  app.get('/uncaught', async (_request, reply) => {
    reply.setCookie('a', 'b', { path: '/x"><script>' })
    return { row: 'never sent' }
  })
  const base = await listen(t, app)
  for (const which of Object.keys(attempts)) {
    const answer = await rawGet(base, `/try/${which}`, {})
    t.equal(answer.status, 200, which)
    const body = JSON.parse(answer.body)
    t.match(body.refused, /^FST_REPLYKIT_COOKIE_/, which)
    t.match(body.message, new RegExp(`"${which}"`), 'the message names the cookie')
    t.same(answer.setCookie, [], 'no cookie line')
  }
  const uncaught = await rawGet(base, '/uncaught', {})
  t.equal(uncaught.status, 500)
  t.match(JSON.parse(uncaught.body), { code: 'FST_REPLYKIT_COOKIE_ATTRIBUTE', message: /"a".*path/ }, 'a coded error, not a code-less serializer TypeError')
})
