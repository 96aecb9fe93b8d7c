// signedCookie: a request Cookie value signed with the app's own secret, as a browser would send back
// a cookie the app signed (`reply.setCookie(name, value, { signed: true })`).
import type { FastifyInstance } from 'fastify'

/** `name=<signed value>`, for a request's Cookie header (join several with '; '). */
export function signedCookie (app: FastifyInstance, name: string, value: string): string {
  const sign = (app as { signCookie?: (value: string) => string }).signCookie
  if (typeof sign !== 'function') {
    throw new TypeError(`signedCookie("${name}"): the app has no cookie secret; register secureCookies (or @fastify/cookie) with a \`secret\` and call it after \`await app.ready()\``)
  }
  // @fastify/cookie URI-decodes cookie values it reads: the signature's '+' and '/' survive that.
  return `${name}=${encodeURIComponent(sign(value))}`
}
