// expectCookie: the response sets this cookie, with these attributes, as a browser would read the
// Set-Cookie line (parsed by set-cookie-parser, an implementation independent of the suite's).
import { AssertionError } from 'node:assert'
import { parseString } from 'set-cookie-parser'
import { viewResponse, type TestResponse } from './response.js'

/** The attributes to check; those left out are not checked. `undefined` is "absent". */
export interface ExpectedCookie {
  value?: string
  httpOnly?: boolean
  secure?: boolean
  sameSite?: 'strict' | 'lax' | 'none' | 'Strict' | 'Lax' | 'None' | undefined
  path?: string | undefined
  domain?: string | undefined
  maxAge?: number | undefined
  expires?: Date | undefined
  partitioned?: boolean
  /** true: the line deletes the cookie (Max-Age=0 or an Expires in the past). */
  cleared?: boolean
}

/** The cookie as the response sets it. */
export interface SetCookie {
  name: string
  value: string
  httpOnly: boolean
  secure: boolean
  partitioned: boolean
  sameSite?: string
  path?: string
  domain?: string
  maxAge?: number
  expires?: Date
  cleared: boolean
  /** The Set-Cookie line as sent. */
  line: string
}

const FLAGS = ['httpOnly', 'secure', 'partitioned', 'cleared'] as const
const TEXTS = ['value', 'path', 'domain', 'maxAge'] as const

/** The cookie of one Set-Cookie line; undefined for a line a browser would ignore (no name=value). */
function toSetCookie (line: string): SetCookie | undefined {
  const parsed = parseString(line, { decodeValues: false, silent: true })
  if (parsed === null) return undefined
  const cookie: SetCookie = {
    name: parsed.name,
    value: parsed.value,
    httpOnly: parsed.httpOnly === true,
    secure: parsed.secure === true,
    partitioned: parsed.partitioned === true,
    cleared: parsed.maxAge !== undefined ? parsed.maxAge <= 0 : parsed.expires !== undefined && parsed.expires.getTime() <= Date.now(),
    line,
  }
  for (const key of ['sameSite', 'path', 'domain', 'maxAge', 'expires'] as const) {
    if (parsed[key] !== undefined) (cookie as unknown as Record<string, unknown>)[key] = parsed[key]
  }
  return cookie
}

function fail (message: string, actual: unknown, expected: unknown): never {
  throw new AssertionError({ message, actual, expected, operator: 'expectCookie' })
}

/**
 * Asserts that the response sets cookie `name` (the last Set-Cookie line of that name, as a browser
 * keeps it) with the given attributes, and returns it. The error names the cookie and each attribute
 * that differed, with the line as sent.
 */
export function expectCookie (response: TestResponse, name: string, expected: ExpectedCookie = {}): SetCookie {
  const cookies = viewResponse(response, 'expectCookie').setCookie.map(toSetCookie).filter(cookie => cookie !== undefined)
  const found = cookies.filter(cookie => cookie.name === name).at(-1)
  if (found === undefined) {
    const names = cookies.map(cookie => cookie.name)
    fail(`expected a Set-Cookie for "${name}"; the response sets ${names.length === 0 ? 'no cookie' : names.map(n => `"${n}"`).join(', ')}`, names, name)
  }
  const differences: string[] = []
  for (const key of Object.keys(expected) as Array<keyof ExpectedCookie>) {
    const want = expected[key]
    const got = found[key as keyof SetCookie]
    if (key === 'sameSite') {
      if (String(want ?? '').toLowerCase() !== String(got ?? '').toLowerCase()) differences.push(`SameSite is ${shown(got)}, expected ${shown(want)}`)
    } else if (key === 'expires') {
      if ((want as Date | undefined)?.getTime() !== (got as Date | undefined)?.getTime()) differences.push(`Expires is ${shown(got)}, expected ${shown(want)}`)
    } else if ((FLAGS as readonly string[]).includes(key) || (TEXTS as readonly string[]).includes(key)) {
      if (want !== got) differences.push(`${key} is ${shown(got)}, expected ${shown(want)}`)
    } else {
      throw new TypeError(`expectCookie: unknown attribute "${key}" (expected one of value, httpOnly, secure, sameSite, path, domain, maxAge, expires, partitioned, cleared)`)
    }
  }
  if (differences.length > 0) {
    fail(`cookie "${name}": ${differences.join('; ')} (Set-Cookie: ${found.line})`, found, expected)
  }
  return found
}

function shown (value: unknown): string {
  if (value === undefined) return 'absent'
  if (value instanceof Date) return value.toUTCString()
  return JSON.stringify(value)
}
