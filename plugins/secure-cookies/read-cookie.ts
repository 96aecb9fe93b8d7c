// request.readCookie(name): the plain value of an encrypted or signed cookie, or undefined for one
// that does not check out. A bad cookie is the client's doing: logged at debug, never thrown.
import type { FastifyRequest } from 'fastify'
import { looksSealed, openCookieValue } from '../../lib/cookie-seal.js'
import type { CookieState } from './state.js'

type Unsign = (value: string) => { valid: boolean, value: string | null }

export function makeReadCookie (state: CookieState) {
  return function readCookie (this: FastifyRequest, name: string): string | undefined {
    const raw = this.cookies?.[name]
    if (raw === undefined) return undefined
    const declared = state.declared.get(name)
    const unsign = (this as FastifyRequest & { unsignCookie?: Unsign }).unsignCookie
    // Declared cookies are read as declared; others by the shape of their value.
    const sealed = declared !== undefined ? declared.encrypted === true : state.keys.length !== 0 && looksSealed(state.keys, raw)
    if (sealed) {
      const opened = openCookieValue(state.keys, name, raw, Date.now())
      if (opened.ok) return opened.value
      this.log.debug({ cookie: name, reason: opened.reason }, 'readCookie: encrypted cookie refused')
      return undefined
    }
    // A declared signed cookie always has a signer (checked at registration).
    if (unsign === undefined || declared?.signed === false || (declared !== undefined && declared.signed !== true)) return raw
    const result = unsign(raw)
    if (result.valid) return result.value as string
    this.log.debug({ cookie: name, reason: 'bad signature' }, 'readCookie: signed cookie refused')
    return undefined
  }
}
