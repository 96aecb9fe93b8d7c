// The pure sealing of cookie values: round trips, binding to name, expiry and key, and the key
// ring checks; fast-check for decrypt(encrypt(x)) == x and for any one-bit change being refused.
import { test } from 'tap'
import fc from 'fast-check'
import { randomBytes } from 'node:crypto'
import {
  keyEntropyBits, looksSealed, openCookieValue, readKeyRing, sealCookieValue, type CookieKey,
} from '../lib/cookie-seal.js'

const ring: CookieKey[] = [{ id: 'k2', key: randomBytes(32) }, { id: 'k1', key: randomBytes(32) }]
const NOW = Date.UTC(2026, 0, 1)

test('a sealed value opens under its name, and only there', async (t) => {
  const sealed = sealCookieValue(ring, 'last_viewed', 'post-42', NOW + 60_000)
  t.match(sealed, /^k2\.[0-9a-z]+\.[A-Za-z0-9_-]+$/, 'key id, expiry, base64url: cookie-safe as it is')
  t.same(openCookieValue(ring, 'last_viewed', sealed, NOW), { ok: true, value: 'post-42' })
  t.match(openCookieValue(ring, 'other_cookie', sealed, NOW), { ok: false, reason: /authentication failed/ }, 'replayed under another name')
  t.not(sealCookieValue(ring, 'last_viewed', 'post-42', NOW + 60_000), sealed, 'a fresh nonce every time')
  t.ok(looksSealed(ring, sealed))
  t.notOk(looksSealed(ring, 'plain'))
  t.notOk(looksSealed(ring, 'k9.x.y'), 'an unknown key id')
  t.notOk(looksSealed(ring, 'k2.only-one-dot'))
})

test('the expiry is bound in and checked on read', async (t) => {
  const sealed = sealCookieValue(ring, 'a', 'v', NOW + 10_000)
  t.same(openCookieValue(ring, 'a', sealed, NOW + 9_000), { ok: true, value: 'v' })
  t.same(openCookieValue(ring, 'a', sealed, NOW + 10_000), { ok: false, reason: 'expired' })
  const [id, expiry, body] = sealed.split('.')
  const later = (parseInt(expiry, 36) + 3600).toString(36)
  t.match(openCookieValue(ring, 'a', `${id}.${later}.${body}`, NOW + 20_000), { ok: false, reason: /authentication failed/ }, 'a pushed-back expiry is refused')
  t.match(openCookieValue(ring, 'a', `${id}..${body}`, NOW), { ok: false, reason: /authentication failed/ }, 'a dropped expiry is refused')
  const forever = sealCookieValue(ring, 'a', 'v')
  t.match(forever, /^k2\.\./, 'no expiry: a browser-session cookie')
  t.same(openCookieValue(ring, 'a', forever, NOW * 10), { ok: true, value: 'v' })
})

test('rotation: the first key seals, every key opens, a retired key no longer does', async (t) => {
  const oldRing: CookieKey[] = [ring[1]]
  const old = sealCookieValue(oldRing, 'a', 'from before')
  t.same(openCookieValue(ring, 'a', old, NOW), { ok: true, value: 'from before' })
  t.match(sealCookieValue(ring, 'a', 'x'), /^k2\./)
  t.match(openCookieValue([ring[0]], 'a', old, NOW), { ok: false, reason: /unknown key id "k1"/ })
  const forged = old.replace(/^k1\./, 'k2.')
  t.match(openCookieValue(ring, 'a', forged, NOW), { ok: false, reason: /authentication failed/ }, 'the key id is bound in')
})

test('malformed values are refused without throwing', async (t) => {
  const sealed = sealCookieValue(ring, 'a', 'v')
  for (const bad of ['', 'abc', 'k2.x', 'k2..!!!', 'k2.X.abc', 'k2..AAAA', 'k2..AAAAA', `${sealed}.extra`, `${sealed}=`, 'k2.zzzzzzzzzzz.AAAA', sealed.slice(0, -1)]) {
    const opened = openCookieValue(ring, 'a', bad, NOW)
    t.equal(opened.ok, false, JSON.stringify(bad))
  }
  // Another base64url spelling of the same bytes (non-zero unused bits in the last character) is a
  // changed value: 'v' seals to 12 + 1 + 16 = 29 bytes (2 unused bits), 'vwx' to 31 (4 unused bits).
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  for (const value of ['v', 'vwx']) {
    const canonical = sealCookieValue(ring, 'a', value)
    t.same(openCookieValue(ring, 'a', canonical, NOW), { ok: true, value }, `${value}: the canonical spelling opens`)
    const body = canonical.split('.')[2]
    const last = body.at(-1) as string
    const respelled = canonical.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1]
    t.ok(Buffer.from(respelled.split('.')[2], 'base64url').equals(Buffer.from(body, 'base64url')), `${value}: the same bytes`)
    t.match(openCookieValue(ring, 'a', respelled, NOW), { ok: false, reason: /malformed/ }, `${value}: another spelling is refused`)
  }
})

test('property: decrypt(encrypt(x)) == x for any string, name and expiry', async (t) => {
  fc.assert(fc.property(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
    fc.option(fc.integer({ min: 1, max: 400 * 24 * 3600 }), { nil: undefined }),
    (value, name, seconds) => {
      const expires = seconds === undefined ? undefined : NOW + seconds * 1000
      const opened = openCookieValue(ring, name, sealCookieValue(ring, name, value, expires), NOW)
      return opened.ok && opened.value === value
    }), { numRuns: 300 })
  t.pass('300 runs')
})

test('property: any one-bit change of the sealed bytes is refused', async (t) => {
  fc.assert(fc.property(fc.string({ maxLength: 64 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (value, at, bit) => {
    const [id, expiry, body] = sealCookieValue(ring, 'n', value, NOW + 1000).split('.')
    const bytes = Buffer.from(body, 'base64url')
    bytes[at % bytes.length] ^= 1 << bit
    return openCookieValue(ring, 'n', `${id}.${expiry}.${bytes.toString('base64url')}`, NOW).ok === false
  }), { numRuns: 500 })
  t.pass('500 runs')
})

test('key ring checks: ids, types, entropy', async (t) => {
  t.match(readKeyRing(undefined), { reason: /non-empty array/ })
  t.match(readKeyRing([]), { reason: /non-empty array/ })
  t.match(readKeyRing([null]), { reason: /keys\[0\]\.id/ })
  t.match(readKeyRing([{ id: 'a.b', key: randomBytes(32) }]), { reason: /keys\[0\]\.id/ })
  t.match(readKeyRing([{ id: 'a', key: 42 }]), { reason: /string or a Buffer/ })
  const key = randomBytes(32)
  t.match(readKeyRing([{ id: 'a', key }, { id: 'a', key: randomBytes(32) }]), { reason: /"a" is used twice/ })
  t.match(readKeyRing([{ id: 'a', key: 'correct horse battery staple' }]), { reason: /about \d+ bits.*under 256.*randomBytes/ })
  t.match(readKeyRing([{ id: 'a', key: Buffer.alloc(64, 7) }]), { reason: /about 1 bits/ }, 'a long key of one byte value')
  t.match(readKeyRing([{ id: 'a', key: randomBytes(31) }]), { reason: /248 bits/ })
  const ok = readKeyRing([{ id: 'new', key: randomBytes(32).toString('hex') }, { id: 'old', key }])
  t.ok('keys' in ok && ok.keys.length === 2 && ok.keys.every(k => Buffer.isBuffer(k.key)))
  t.not(('keys' in ok) && ok.keys[1].key, key, 'the Buffer is copied, so a later change of the caller\'s does not reach the ring')

  t.equal(keyEntropyBits(randomBytes(32)), 256)
  t.equal(keyEntropyBits('a'.repeat(100)), 1)
  t.equal(keyEntropyBits('0123456789abcdef'.repeat(4)), 256, '64 hex characters')
  t.ok(keyEntropyBits('Aa1!' + randomBytes(30).toString('base64')) > 256)
  t.ok(keyEntropyBits('abcdefghijklmnopqrstuvwxyz') < 256, 'a lower-case alphabet is not a key')
})

test('nonces never repeat, across refills of the random pool (4 KiB holds 341 of them)', async (t) => {
  const nonces = new Set<string>()
  for (let i = 0; i < 1000; i++) {
    const body = sealCookieValue(ring, 'n', 'v').split('.')[2]
    nonces.add(Buffer.from(body, 'base64url').subarray(0, 12).toString('hex'))
  }
  t.equal(nonces.size, 1000, 'a thousand seals, a thousand nonces')
  t.same(openCookieValue(ring, 'n', sealCookieValue(ring, 'n', 'after refills'), NOW), { ok: true, value: 'after refills' })
})
