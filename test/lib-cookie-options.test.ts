import { test } from 'tap'
import { clearCookieOptions, mergeCookieOptions, SECURE_COOKIE_DEFAULTS } from '../lib/cookie-options.js'

test('the secure defaults are HttpOnly, Secure, SameSite=Lax, Path=/ and cannot be changed', async (t) => {
  t.same(SECURE_COOKIE_DEFAULTS, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' })
  t.ok(Object.isFrozen(SECURE_COOKIE_DEFAULTS))
})

test('mergeCookieOptions: a new object, defined values of the top layer win', async (t) => {
  const base = { path: '/', secure: true as const }
  const merged = mergeCookieOptions(base, { path: '/app', secure: undefined, httpOnly: false })
  t.same(merged, { path: '/app', secure: true, httpOnly: false })
  t.not(merged, base)
  t.same(base, { path: '/', secure: true }, 'the base is untouched')
  t.same(mergeCookieOptions(base), base)
  t.same(mergeCookieOptions(base, null), base)
})

test('clearCookieOptions keeps what makes the browser match and accept the deletion', async (t) => {
  t.same(clearCookieOptions({
    path: '/app',
    domain: 'example.com',
    secure: 'auto',
    sameSite: 'none',
    partitioned: true,
    httpOnly: true,
    maxAge: 60,
    expires: new Date(),
    priority: 'high',
    signed: true,
  }), { path: '/app', domain: 'example.com', secure: 'auto', sameSite: 'none', partitioned: true, httpOnly: true })
  t.same(clearCookieOptions({}), {})
})
