// Raw Set-Cookie lines: read as a browser reads them, given the attributes they lack, checked;
// set-cookie-parser reads the fixed lines as the independent oracle.
import { test } from 'tap'
import { parseSetCookie } from 'set-cookie-parser'
import { fixCookieLine, parseCookieLine } from '../lib/cookie-line.js'
import { SECURE_COOKIE_DEFAULTS } from '../lib/cookie-options.js'

test('parseCookieLine splits on the first ";", keeps the last of each attribute', async (t) => {
  const parsed = parseCookieLine(' sid = a=b ; Path=/x; path=/y; HttpOnly;; secure ')
  t.equal(parsed.name, 'sid')
  t.equal(parsed.value, 'a=b')
  t.same([...parsed.attributes], [['path', '/y'], ['httponly', ''], ['secure', '']])
  t.same(parseCookieLine('novalue'), { name: '', value: 'novalue', attributes: new Map() })
})

test('a bare raw line gets the secure defaults', async (t) => {
  const fixed = fixCookieLine('sid=abc', SECURE_COOKIE_DEFAULTS)
  t.ok('line' in fixed)
  const [cookie] = parseSetCookie('line' in fixed ? fixed.line : '')
  t.match(cookie, { name: 'sid', value: 'abc', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' })
})

test('attributes a line gives are kept; the missing ones come from the wanted options', async (t) => {
  const check = fixCookieLine('a=1; Path=/app; SameSite=Strict;  ', { path: '/', secure: true, httpOnly: false, sameSite: true, domain: 'example.com', partitioned: true })
  t.same(check, { name: 'a', line: 'a=1; Path=/app; SameSite=Strict; Domain=example.com; Secure; Partitioned' })
  t.same(fixCookieLine('a=1; Secure; HttpOnly; Path=/; SameSite=Lax', SECURE_COOKIE_DEFAULTS), { name: 'a', line: 'a=1; Secure; HttpOnly; Path=/; SameSite=Lax' }, 'nothing to add: the same line')
  t.same(fixCookieLine('a=1; Path=', { path: '/' }), { name: 'a', line: 'a=1; Path=; Path=/' }, 'an empty Path is no path (the last wins)')
  t.same(fixCookieLine('a=1', { sameSite: 'none', secure: true }), { name: 'a', line: 'a=1; Secure; SameSite=None' })
  t.same(fixCookieLine('a=1', { sameSite: false, secure: false }), { name: 'a', line: 'a=1' })
  t.same(fixCookieLine('a=1', { sameSite: true }), { name: 'a', line: 'a=1; SameSite=Strict' }, 'true is Strict, as the serializer writes it')
})

test('lines that break a rule come back as a breach naming the cookie', async (t) => {
  const insecure = { path: '/', secure: false, sameSite: 'lax' } as const
  t.match(fixCookieLine('=x', SECURE_COOKIE_DEFAULTS), { name: '', breach: { rule: 'name' } })
  t.match(fixCookieLine('a b=x', SECURE_COOKIE_DEFAULTS), { breach: { rule: 'name' } })
  t.match(fixCookieLine('a=caf\u00e9', SECURE_COOKIE_DEFAULTS), { name: 'a', breach: { rule: 'attribute', reason: /printable ASCII/ } })
  t.match(fixCookieLine('a=1; Domain=exa mple.com', SECURE_COOKIE_DEFAULTS), { breach: { rule: 'attribute', reason: /domain/ } })
  t.match(fixCookieLine('a=1; Path=/x"><script>', SECURE_COOKIE_DEFAULTS), { breach: { rule: 'attribute', reason: /path/ } })
  t.match(fixCookieLine('__Host-a=1; Domain=example.com', SECURE_COOKIE_DEFAULTS), { name: '__Host-a', breach: { rule: 'prefix', reason: /Domain/ } })
  t.match(fixCookieLine('__Host-a=1; Path=/app', SECURE_COOKIE_DEFAULTS), { breach: { rule: 'prefix', reason: /Path=\// } })
  t.match(fixCookieLine('__Secure-a=1', insecure), { breach: { rule: 'prefix', reason: /Secure/ } })
  t.match(fixCookieLine('a=1; SameSite=None', insecure), { breach: { rule: 'sameSite' } })
  t.match(fixCookieLine('a=1; Partitioned', insecure), { breach: { rule: 'partitioned' } })
  t.match(fixCookieLine(`a=${'x'.repeat(4090)}`, SECURE_COOKIE_DEFAULTS), { breach: { rule: 'size' } }, 'the size counts the added attributes')
  t.same(fixCookieLine('__Host-a=1', SECURE_COOKIE_DEFAULTS), { name: '__Host-a', line: '__Host-a=1; Path=/; Secure; HttpOnly; SameSite=Lax' }, 'fixing makes a prefixed line valid')
})
