// The pure cookie rules, one by one, and a property test of the size bound against the serializer
// @fastify/cookie uses.
import { test } from 'tap'
import fc from 'fast-check'
import Fastify from 'fastify'
import fastifyCookie from '@fastify/cookie'
import {
  capCookieAge, checkCookieCombination, checkCookieLength, checkCookieName, checkCookieOptions, checkCookieValue,
  cookieLengthBound, cookiePrefix, MAX_AGE_SECONDS, MAX_COOKIE_BYTES,
} from '../lib/cookie-rules.js'

test('cookiePrefix matches case-insensitively, the longest prefix first', async (t) => {
  t.equal(cookiePrefix('__Host-a'), '__Host-')
  t.equal(cookiePrefix('__hOsT-a'), '__Host-')
  t.equal(cookiePrefix('__SECURE-a'), '__Secure-')
  t.equal(cookiePrefix('__Http-a'), '__Http-')
  t.equal(cookiePrefix('__host-http-a'), '__Host-Http-')
  t.equal(cookiePrefix('__Hosting'), undefined)
  t.equal(cookiePrefix('__a'), undefined)
  t.equal(cookiePrefix('_Host-a'), undefined)
  t.equal(cookiePrefix('Host-a'), undefined)
  t.equal(cookiePrefix(''), undefined)
})

test('checkCookieName accepts RFC 6265 tokens only', async (t) => {
  for (const name of ['a', 'session_id', "!#$%&'*+-.^_`|~", 'A1', '__Host-x']) t.equal(checkCookieName(name), undefined, name)
  for (const name of ['', 'a b', 'a;b', 'a=b', 'a,b', 'a\tb', 'a\u0000', 'é', '(a)', 'a:b', 'a@b', 'a?b', '{a}', 'a\\b']) {
    t.equal(checkCookieName(name)?.rule, 'name', JSON.stringify(name))
  }
  t.match(checkCookieName(undefined), { rule: 'name', reason: /string/ })
})

test('checkCookieValue wants a well-formed string', async (t) => {
  t.equal(checkCookieValue('anything; at all\r\n é 😀'), undefined)
  t.match(checkCookieValue(1), { rule: 'attribute', reason: /not number/ })
  t.match(checkCookieValue('\uDC00'), { rule: 'attribute', reason: /surrogate/ })
})

test('checkCookieOptions checks each attribute alone; undefined means not given', async (t) => {
  t.equal(checkCookieOptions({}), undefined)
  t.equal(checkCookieOptions({ domain: undefined, path: undefined }), undefined)
  t.equal(checkCookieOptions({
    domain: '.Sub-1.Example.com',
    path: '/a b/c:d',
    maxAge: 0,
    expires: new Date(),
    httpOnly: false,
    signed: true,
    secure: 'auto',
    partitioned: false,
    sameSite: true,
    priority: 'Medium',
  }), undefined)
  t.equal(checkCookieOptions({ expires: 0 }), undefined, 'an integer expires is milliseconds')
  t.equal(checkCookieOptions({ sameSite: false }), undefined)
  t.equal(checkCookieOptions({ sameSite: 'NONE' }), undefined)
  t.match(checkCookieOptions(null), { rule: 'attribute' })
  t.match(checkCookieOptions([]), { rule: 'attribute' })
  t.match(checkCookieOptions({ domain: '-a.com' }), { rule: 'attribute' })
  t.match(checkCookieOptions({ domain: 'a-.com' }), { rule: 'attribute' })
  t.match(checkCookieOptions({ domain: 'a'.repeat(64) + '.com' }), { rule: 'attribute' }, 'a label over 63 characters')
  t.match(checkCookieOptions({ path: '/a;b' }), { rule: 'attribute' })
  t.match(checkCookieOptions({ path: '/a\u007f' }), { rule: 'attribute' })
  t.match(checkCookieOptions({ maxAge: -0.5 }), { rule: 'maxAge' })
  t.match(checkCookieOptions({ expires: 1.5 }), { rule: 'expires' })
  t.match(checkCookieOptions({ signed: 'yes' }), { rule: 'attribute', reason: /signed/ })
  t.equal(checkCookieOptions({ sameSite: null, expires: null, domain: null }), undefined, 'null is not given, as @fastify/session passes it')
})

test('checkCookieCombination: prefixes, SameSite=None and Partitioned need Secure', async (t) => {
  t.equal(checkCookieCombination('__Host-a', { secure: true, path: '/' }), undefined)
  t.equal(checkCookieCombination('__Host-a', { secure: 'auto', path: '/' }), undefined, "'auto' may be Secure")
  t.match(checkCookieCombination('__Host-a', { secure: true }), { rule: 'prefix', reason: /Path=\// }, 'no path at all is not Path=/')
  t.match(checkCookieCombination('__Host-a', { path: '/' }), { rule: 'prefix', reason: /Secure/ }, 'no secure at all')
  t.equal(checkCookieCombination('__Http-a', { secure: true, httpOnly: true, domain: 'example.com', path: '/x' }), undefined)
  t.equal(checkCookieCombination('a', { sameSite: 'None' as unknown as 'none', secure: true, partitioned: true }), undefined)
  t.match(checkCookieCombination('a', { sameSite: 'None' as unknown as 'none' }), { rule: 'sameSite' })
  t.equal(checkCookieCombination('a', { sameSite: 'lax', partitioned: false }), undefined)
})

test('capCookieAge: whole seconds, 400 days at most, integer expires as a Date', async (t) => {
  const now = Date.UTC(2030, 0, 1)
  const a = { maxAge: 1e12, expires: new Date(now + 1e12) }
  capCookieAge(a, now)
  t.equal(a.maxAge, MAX_AGE_SECONDS)
  t.equal(a.expires.getTime(), now + MAX_AGE_SECONDS * 1000)
  const b = { maxAge: 10.9, expires: now + 5000 as unknown as Date }
  capCookieAge(b, now)
  t.equal(b.maxAge, 10)
  t.same(b.expires, new Date(now + 5000))
  const c: { maxAge?: number } = {}
  capCookieAge(c, now)
  t.same(c, {}, 'nothing given, nothing added')
})

test('checkCookieLength: 4096 bytes at most', async (t) => {
  t.equal(checkCookieLength(MAX_COOKIE_BYTES), undefined)
  t.match(checkCookieLength(MAX_COOKIE_BYTES + 1), { rule: 'size', reason: /4097/ })
})

test('cookieLengthBound is never below what @fastify/cookie serializes (property)', async (t) => {
  const app = Fastify()
  await app.register(fastifyCookie) // loads the cookie serializer
  await app.ready()
  t.teardown(() => app.close())
  const options = fc.record({
    domain: fc.constantFrom(undefined, 'example.com', '.a.example.com'),
    path: fc.constantFrom(undefined, '/', '/some/long/path'),
    maxAge: fc.option(fc.integer({ min: 0, max: MAX_AGE_SECONDS }), { nil: undefined }),
    expires: fc.option(fc.date({ min: new Date('1601-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), { nil: undefined }),
    httpOnly: fc.boolean(),
    secure: fc.boolean(),
    partitioned: fc.boolean(),
    priority: fc.constantFrom(undefined, 'low', 'medium', 'high') as fc.Arbitrary<'low' | 'medium' | 'high' | undefined>,
    sameSite: fc.constantFrom('lax', 'strict', 'none', true, false) as fc.Arbitrary<'lax' | 'strict' | 'none' | boolean>,
  })
  fc.assert(fc.property(fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,40}$/), fc.string({ unit: 'binary', maxLength: 300 }), options, (name, value, opts) => {
    fc.pre(checkCookieName(name) === undefined && checkCookieValue(value) === undefined)
    const exact = app.serializeCookie(name, value, opts).length
    return cookieLengthBound(name, value, opts) >= exact
  }), { numRuns: 2000 })
  t.pass('the bound held for every generated cookie')
})
