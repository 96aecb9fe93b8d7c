// Encrypted cookie values: AES-256-GCM from node:crypto, a random 96-bit nonce, a key per cookie
// name derived with HKDF, and the name and expiry as associated data. The expiry also travels in
// the value (authenticated), so a value cannot be read under another name or after its lifetime.
//
// Sealed value: `<key id>.<expiry>.<base64url(nonce ‖ ciphertext ‖ tag)>`; expiry is whole seconds
// since the epoch in base 36, or empty for a cookie without one (a browser-session cookie).
import { createCipheriv, createDecipheriv, hkdfSync, randomFillSync } from 'node:crypto'

export interface CookieKey { id: string, key: Buffer }
export type KeyRing = readonly CookieKey[]
export type OpenResult = { ok: true, value: string } | { ok: false, reason: string }

const NONCE_BYTES = 12
const TAG_BYTES = 16
const SALT = Buffer.from('fastify-reply-kit/cookie-seal/v1')
/** Key ids go in the value as they are: short, cookie-safe and without the '.' separator. */
export const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/
/** A key needs this many bits of estimated entropy. */
export const MIN_KEY_BITS = 256

// HKDF per name is the costly part: derived keys are kept per key, for a bounded number of names.
const MAX_NAMES_PER_KEY = 256
const derived = new WeakMap<Buffer, Map<string, Buffer>>()

function nameKey (key: Buffer, name: string): Buffer {
  let names = derived.get(key)
  if (names === undefined) {
    names = new Map()
    derived.set(key, names)
  }
  let subkey = names.get(name)
  if (subkey === undefined) {
    subkey = Buffer.from(hkdfSync('sha256', key, SALT, Buffer.from(name, 'utf8'), 32))
    if (names.size < MAX_NAMES_PER_KEY) names.set(name, subkey)
  }
  return subkey
}

// Nonces come from a pool of random bytes filled 4 KiB at a time: one randomBytes(12) call costs
// about as much as the cipher itself. Each nonce is handed out once; a refill takes a new buffer.
const POOL_BYTES = 4096
let pool = Buffer.alloc(0)
let poolOffset = 0

function nextNonce (): Buffer {
  if (poolOffset + NONCE_BYTES > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES))
    poolOffset = 0
  }
  const nonce = pool.subarray(poolOffset, poolOffset + NONCE_BYTES)
  poolOffset += NONCE_BYTES
  return nonce
}

function associatedData (id: string, name: string, expiry: string): Buffer {
  // NUL cannot occur in a cookie name, a key id or base 36, so the three fields cannot shift.
  return Buffer.from(`${id}\0${name}\0${expiry}`, 'utf8')
}

/**
 * Seals `value` for cookie `name` with the first key of the ring. `expiresAt` (ms since the epoch)
 * is rounded down to whole seconds, as the Expires attribute is; undefined for no expiry.
 */
export function sealCookieValue (keys: KeyRing, name: string, value: string, expiresAt?: number): string {
  const { id, key } = keys[0]
  const expiry = expiresAt === undefined ? '' : Math.floor(expiresAt / 1000).toString(36)
  const nonce = nextNonce()
  const cipher = createCipheriv('aes-256-gcm', nameKey(key, name), nonce)
  cipher.setAAD(associatedData(id, name, expiry))
  const sealed = Buffer.concat([nonce, cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `${id}.${expiry}.${sealed.toString('base64url')}`
}

/** True when `value` has the shape of a sealed value made with a key of this ring. */
export function looksSealed (keys: KeyRing, value: string): boolean {
  const dot = value.indexOf('.')
  if (dot === -1) return false
  const id = value.slice(0, dot)
  return keys.some(k => k.id === id) && value.indexOf('.', dot + 1) !== -1
}

const base64urlRe = /^[A-Za-z0-9_-]*$/
const expiryRe = /^[0-9a-z]{0,10}$/
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Canonical unpadded base64url (of a string already made of its alphabet): another spelling of the
 * same bytes (a length that cannot occur, or trailing bits set) is a changed value. Checked on the
 * last character instead of encoding the bytes again.
 */
function isCanonicalBase64url (body: string): boolean {
  const rest = body.length % 4
  if (rest === 0) return true
  if (rest === 1) return false
  const last = BASE64URL.indexOf(body[body.length - 1])
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0
}

/** Opens a sealed value of cookie `name`; `now` in ms since the epoch. Never throws. */
export function openCookieValue (keys: KeyRing, name: string, sealed: string, now: number): OpenResult {
  const first = sealed.indexOf('.')
  const second = first === -1 ? -1 : sealed.indexOf('.', first + 1)
  if (second === -1 || sealed.indexOf('.', second + 1) !== -1) return { ok: false, reason: 'not a sealed value' }
  const id = sealed.slice(0, first)
  const expiry = sealed.slice(first + 1, second)
  const body = sealed.slice(second + 1)
  let entry: CookieKey | undefined
  for (let i = 0; i < keys.length && entry === undefined; i++) if (keys[i].id === id) entry = keys[i]
  if (entry === undefined) return { ok: false, reason: `sealed with unknown key id ${JSON.stringify(id)}` }
  if (!expiryRe.test(expiry) || !base64urlRe.test(body) || !isCanonicalBase64url(body)) return { ok: false, reason: 'malformed sealed value' }
  const bytes = Buffer.from(body, 'base64url')
  if (bytes.length < NONCE_BYTES + TAG_BYTES) return { ok: false, reason: 'malformed sealed value' }
  const decipher = createDecipheriv('aes-256-gcm', nameKey(entry.key, name), bytes.subarray(0, NONCE_BYTES))
  decipher.setAAD(associatedData(id, name, expiry))
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
  let value: string
  try {
    const plain = decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES))
    decipher.final() // GCM: no bytes, but the tag check; the plain text counts only once it passed
    value = plain.toString('utf8')
  } catch {
    return { ok: false, reason: 'authentication failed (tampered, sealed for another cookie name, or with another key)' }
  }
  if (expiry !== '' && parseInt(expiry, 36) * 1000 <= now) return { ok: false, reason: 'expired' }
  return { ok: true, value }
}

/**
 * Estimated bits of entropy of a key: bytes count 8 bits each; a string counts log2 of the alphabet
 * its characters are drawn from (hex, base64, printable ASCII...), so a 64-character hex string is
 * 256 bits and a 32-letter word is not. A key repeating a handful of symbols ('aaaa...', 'abab...')
 * counts as the number of symbols it repeats.
 */
export function keyEntropyBits (key: string | Buffer): number {
  const distinct = new Set<unknown>(key as Iterable<unknown>).size
  if (distinct < 8) return distinct
  if (Buffer.isBuffer(key)) return key.length * 8
  let alphabet = 0
  if (/^[0-9a-f]+$/i.test(key)) alphabet = 16
  else {
    if (/[a-z]/.test(key)) alphabet += 26
    if (/[A-Z]/.test(key)) alphabet += 26
    if (/[0-9]/.test(key)) alphabet += 10
    if (/[^A-Za-z0-9]/.test(key)) alphabet += 33
  }
  return Math.floor(key.length * Math.log2(alphabet))
}

/** Checks a key ring as given in the options; returns the ring with Buffer keys, or a reason. */
export function readKeyRing (input: unknown): { keys: CookieKey[] } | { reason: string } {
  if (!Array.isArray(input) || input.length === 0) return { reason: 'must be a non-empty array of { id, key } (the first seals, all open)' }
  const keys: CookieKey[] = []
  for (const [index, item] of input.entries()) {
    const { id, key } = (typeof item === 'object' && item !== null ? item : {}) as { id?: unknown, key?: unknown }
    if (typeof id !== 'string' || !KEY_ID_RE.test(id)) return { reason: `keys[${index}].id must be 1 to 32 characters of A-Z a-z 0-9 _ -` }
    if (keys.some(k => k.id === id)) return { reason: `keys[${index}].id ${JSON.stringify(id)} is used twice; every key needs its own id` }
    if (typeof key !== 'string' && !Buffer.isBuffer(key)) return { reason: `keys[${index}].key must be a string or a Buffer` }
    const bits = keyEntropyBits(key)
    if (bits < MIN_KEY_BITS) {
      return { reason: `keys[${index}] (id ${JSON.stringify(id)}) has about ${bits} bits of entropy, under ${MIN_KEY_BITS}; use 32 random bytes, e.g. crypto.randomBytes(32).toString('hex')` }
    }
    keys.push({ id, key: Buffer.isBuffer(key) ? Buffer.from(key) : Buffer.from(key, 'utf8') })
  }
  return { keys }
}
