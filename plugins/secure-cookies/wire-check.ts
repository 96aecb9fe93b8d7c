// The cookie wire check: every Set-Cookie line that leaves, whoever wrote it, meets the rules.
// Lines our setCookie/clearCookie wrote were checked at the call and are recognised as the strings
// we recorded (lines.ts); any other line (reply.header, another plugin's hook, a Web Response's headers moved onto
// the reply) gets the secure attributes it lacks and is checked; a line breaking a rule is dropped
// and logged ('secure') or fails the answer with FST_REPLYKIT_COOKIE_RAW ('strict').
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CookieOptions } from '../../types/options.js'
import { ReplyKitCookieRawError } from '../../lib/errors.js'
import { fixCookieLine } from '../../lib/cookie-line.js'
import type { CookieState } from './state.js'
import { outgoingStore, type OutgoingStore } from './outgoing.js'
import { quote, ruleCode } from './raise.js'

export type WireCheck = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => unknown

/** The usual answer: no raw line, nothing replaced, and the lines are ours in the order we set them. */
function onlyOurs (store: OutgoingStore, lines: readonly string[]): boolean {
  const entries = store.entries
  if (store.replaced !== undefined || lines.length !== entries.length) return false
  for (let i = 0; i < entries.length; i++) {
    // The very string we put on the reply (compared by identity at once), or the same text.
    if (lines[i] !== entries[i].line) return false
  }
  return true
}

/** The attributes a raw line of `name` should carry: the declared cookie's, else the defaults. */
function wantedFor (state: CookieState, request: FastifyRequest, name: string): CookieOptions {
  const wanted = state.declared.get(name) ?? state.defaults
  return wanted.secure === 'auto' ? { ...wanted, secure: request.protocol === 'https' } : wanted
}

export function makeCookieWireCheck (state: CookieState, route: string): WireCheck {
  const strict = state.rawCookies === 'strict'
  return function cookieWireCheck (request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
    const header = reply.getHeader('set-cookie')
    if (header === undefined) return payload
    const lines = Array.isArray(header) ? header : [String(header)]
    const store = outgoingStore(reply)
    if (store !== null && onlyOurs(store, lines)) return payload
    // Our lines: by exact text, each recognised once.
    const ours = new Map<string, number>()
    if (store !== null) {
      for (const entry of store.entries) {
        ours.set(entry.line, (ours.get(entry.line) ?? 0) + 1)
      }
    }
    let out: string[] | undefined
    let failure: Error | undefined
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      const count = ours.get(line)
      let kept: string | undefined = line
      if (count !== undefined && count > 0) ours.set(line, count - 1)
      else if (store?.replaced?.some(entry => entry.line === line) === true) kept = undefined // set, then cleared
      else {
        const checked = fixCookieLine(line, wantedFor(state, request, nameOf(line)))
        if ('line' in checked) kept = checked.line
        else {
          kept = undefined
          const { rule, reason } = checked.breach
          request.log.warn({ code: ruleCode(rule), route, cookie: checked.name, reason }, `Set-Cookie line for cookie ${quote(checked.name)} dropped: ${reason}`)
          failure ??= new ReplyKitCookieRawError(quote(checked.name), route, `${ruleCode(rule)}: ${reason}`)
        }
      }
      if (kept !== line && out === undefined) out = lines.slice(0, i)
      if (out !== undefined && kept !== undefined) out.push(kept)
    }
    if (out !== undefined) {
      reply.removeHeader('set-cookie')
      if (out.length !== 0) reply.header('set-cookie', out)
    }
    // The breaking lines are gone first: the 500 itself passes this check again.
    if (strict && failure !== undefined) throw failure
    return payload
  }
}

function nameOf (line: string): string {
  const eq = line.indexOf('=')
  const semi = line.indexOf(';')
  return (eq === -1 || (semi !== -1 && semi < eq) ? '' : line.slice(0, eq)).trim()
}
