// The blog's session: no server-side lookup. `__Host-session_id` carries the user id and the time
// it was issued, sealed by secureCookies (AES-256-GCM, bound to the cookie's name and its 8-hour
// expiry), so a stolen copy is the only way to reuse it, and only until it expires.
// Keys: BLOG_SESSION_KEYS="k2:<64 hex>,k1:<64 hex>" (first seals, all open). Rotation across the
// fleet: add the new key last everywhere, then move it first, then drop the old one.
import { randomBytes } from 'node:crypto'
import type { CookieKey } from '../../plugins/index.js'

export interface BlogSession { uid: number, iat: number }

/** The key ring from BLOG_SESSION_KEYS; without it, two fresh keys (sessions end with the process). */
export function sessionKeys (env: NodeJS.ProcessEnv = process.env): CookieKey[] {
  const text = env.BLOG_SESSION_KEYS
  if (text === undefined || text === '') {
    return [{ id: 'dev2', key: randomBytes(32) }, { id: 'dev1', key: randomBytes(32) }]
  }
  return text.split(',').map((entry) => {
    const at = entry.indexOf(':')
    return { id: entry.slice(0, at), key: entry.slice(at + 1) }
  })
}

export function sessionValue (uid: number, now = Date.now()): string {
  return JSON.stringify({ uid, iat: Math.floor(now / 1000) } satisfies BlogSession)
}

/** The session in a cookie's plain value, or undefined for anything else. */
export function readSession (plain: string | undefined): BlogSession | undefined {
  if (plain === undefined) return undefined
  try {
    const value = JSON.parse(plain) as Partial<BlogSession>
    return Number.isInteger(value.uid) && Number.isInteger(value.iat) ? value as BlogSession : undefined
  } catch {
    return undefined
  }
}
