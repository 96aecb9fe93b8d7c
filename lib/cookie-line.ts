// Raw Set-Cookie lines (written with reply.header, by another plugin's hook, or by a Web Response):
// read as a browser reads them (RFC 6265bis 5.6), given the secure attributes they lack, then held
// to the same rules as reply.setCookie. Pure: the plugin decides whether a breach drops the line,
// fails the answer, or is left alone.
import type { CookieOptions } from './cookie-options.js'
import { checkCookieCombination, checkCookieLength, checkCookieName, type CookieBreach } from './cookie-rules.js'

export interface ParsedCookieLine {
  name: string
  value: string
  /** Attribute names lower-cased, with the last value given for each (as browsers keep it). */
  attributes: Map<string, string>
}

/** Splits `name=value; Attr=x; Flag` the way browsers do: the first ';' ends the value. */
export function parseCookieLine (line: string): ParsedCookieLine {
  const parts = line.split(';')
  const pair = parts[0]
  const eq = pair.indexOf('=')
  const name = eq === -1 ? '' : pair.slice(0, eq).trim()
  const value = eq === -1 ? pair.trim() : pair.slice(eq + 1).trim()
  const attributes = new Map<string, string>()
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]
    const at = part.indexOf('=')
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase()
    if (key !== '') attributes.set(key, at === -1 ? '' : part.slice(at + 1).trim())
  }
  return { name, value, attributes }
}

// Host names as the serializer accepts them; paths without ';', controls or '<'.
const domainRe = /^\.?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i
const pathRe = /^\/[\x20-\x3A\x3D-\x7E]*$/
const valueRe = /^[\x20-\x7E]*$/

const sameSiteText = (value: true | string): string =>
  value === true ? 'Strict' : value[0].toUpperCase() + value.slice(1).toLowerCase()

export type LineCheck = { line: string, name: string } | { breach: CookieBreach, name: string }

/**
 * Gives a raw line the attributes of `wanted` it lacks (Path, Domain, Secure, HttpOnly, SameSite,
 * Partitioned; `wanted.secure` already resolved for this request), then checks the result.
 */
export function fixCookieLine (line: string, wanted: Readonly<CookieOptions>): LineCheck {
  const { name, value, attributes } = parseCookieLine(line)
  const nameBreach = checkCookieName(name)
  if (nameBreach !== undefined) return { breach: nameBreach, name }
  if (!valueRe.test(value)) return { breach: { rule: 'attribute', reason: 'the value holds a character outside printable ASCII' }, name }
  const domain = attributes.get('domain')
  if (domain !== undefined && domain !== '' && !domainRe.test(domain)) return { breach: { rule: 'attribute', reason: `domain ${JSON.stringify(domain)} is not a host name` }, name }
  const path = attributes.get('path')
  if (path !== undefined && path !== '' && !pathRe.test(path)) return { breach: { rule: 'attribute', reason: `path ${JSON.stringify(path)} must start with '/' and hold no ';', '<' or control character` }, name }

  let added = ''
  const has = (key: string): boolean => attributes.has(key) && (attributes.get(key) !== '' || key === 'secure' || key === 'httponly' || key === 'partitioned')
  if (!has('path') && wanted.path !== undefined) added += `; Path=${wanted.path}`
  if (!has('domain') && wanted.domain !== undefined) added += `; Domain=${wanted.domain}`
  if (!has('secure') && wanted.secure === true) added += '; Secure'
  if (!has('httponly') && wanted.httpOnly === true) added += '; HttpOnly'
  if (!has('samesite') && wanted.sameSite !== undefined && wanted.sameSite !== false) added += `; SameSite=${sameSiteText(wanted.sameSite)}`
  if (!has('partitioned') && wanted.partitioned === true) added += '; Partitioned'
  const fixed = added === '' ? line : line.replace(/[\s;]+$/, '') + added

  const final = parseCookieLine(fixed).attributes
  const options: CookieOptions = {
    secure: final.has('secure'),
    httpOnly: final.has('httponly'),
    partitioned: final.has('partitioned'),
    path: final.get('path') || undefined,
    domain: final.get('domain') || undefined,
    sameSite: final.get('samesite')?.toLowerCase() === 'none' ? 'none' : undefined,
  }
  const breach = checkCookieCombination(name, options) ?? checkCookieLength(Buffer.byteLength(fixed))
  return breach === undefined ? { line: fixed, name } : { breach, name }
}
