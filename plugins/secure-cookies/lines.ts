// The Set-Cookie line of each cookie our setCookie/clearCookie sets, and how it reaches the reply.
// Where this plugin registered @fastify/cookie itself (so no parseOptions of the app's reshape its
// calls), the line is put on the reply at the call: the header shows the cookie at once, and the
// wire check knows it by identity. Where the app registered @fastify/cookie, its queue and onSend
// hook write the same text.
import type { FastifyReply } from 'fastify'
import type { CookieOptions } from '../../types/options.js'

/** Serializes as @fastify/cookie does (the cookie package's stringifySetCookie). */
export type CookieSerializer = (name: string, value: string, options: Readonly<CookieOptions>) => string

// The cookie package's default encoder: a value of cookie-octets as it is, any other percent-encoded.
const cookieOctetInvalid = /[\u0000-\u0020\u007F-\uFFFF",;\\%]/ // eslint-disable-line no-control-regex

// The attribute part (`; Path=/; HttpOnly; ...`) of a shared, frozen option set (the defaults, a
// declared cookie): computed once, so the usual line is a concatenation.
const attributeParts = new WeakMap<object, string>()

/** The line @fastify/cookie writes for these options: SameSite=Lax unless they say otherwise. */
export function cookieLine (serialize: CookieSerializer, name: string, wireValue: string, options: Readonly<CookieOptions>): string {
  if (!Object.isFrozen(options)) return serialize(name, wireValue, { sameSite: 'lax', ...options })
  let attributes = attributeParts.get(options)
  if (attributes === undefined) {
    attributes = serialize('a', '', { sameSite: 'lax', ...options }).slice(2)
    attributeParts.set(options, attributes)
  }
  return name + '=' + (cookieOctetInvalid.test(wireValue) ? encodeURIComponent(wireValue) : wireValue) + attributes
}

/**
 * Puts `line` on the reply's Set-Cookie header: in the place of `previous` (the line of the same
 * cookie that this one replaces, as @fastify/cookie's queue would), else after the lines already there.
 */
export function putCookieLine (reply: FastifyReply, line: string, previous: string | undefined): void {
  if (previous !== undefined) {
    const current = reply.getHeader('set-cookie')
    const at = Array.isArray(current) ? current.indexOf(previous) : current === previous ? 0 : -1
    if (at !== -1) {
      // A new list: one that code read earlier (getHeader) stays as it was.
      const lines = [current].flat() as string[]
      lines[at] = line
      reply.removeHeader('set-cookie')
      reply.header('set-cookie', lines.length === 1 ? lines[0] : lines)
      return
    }
  }
  reply.header('set-cookie', line)
}
