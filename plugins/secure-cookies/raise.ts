// A rule breach (lib/cookie-rules.ts) as the FST_REPLYKIT_COOKIE_* error of its rule.
import {
  ReplyKitCookieAttributeError, ReplyKitCookieExpiresError, ReplyKitCookieMaxAgeError, ReplyKitCookieNameError,
  ReplyKitCookiePartitionedError, ReplyKitCookiePrefixError, ReplyKitCookieSameSiteError, ReplyKitCookieTooLargeError,
} from '../../lib/errors.js'
import type { CookieBreach, CookieRule } from '../../lib/cookie-rules.js'

export const ruleErrors: Record<CookieRule, new (name: string, reason: string) => Error & { code: string }> = {
  name: ReplyKitCookieNameError,
  prefix: ReplyKitCookiePrefixError,
  sameSite: ReplyKitCookieSameSiteError,
  partitioned: ReplyKitCookiePartitionedError,
  attribute: ReplyKitCookieAttributeError,
  size: ReplyKitCookieTooLargeError,
  maxAge: ReplyKitCookieMaxAgeError,
  expires: ReplyKitCookieExpiresError,
}

/** The code a breach of `rule` carries, for logs. */
export const ruleCode = (rule: CookieRule): string => new ruleErrors[rule]('', '').code

// Quoted, so a name holding CR, LF or spaces shows as such in the message and the log.
export const quote = (name: unknown): string => typeof name === 'string' ? JSON.stringify(name) : String(name)

export function raise (name: unknown, breach: CookieBreach, where = ''): never {
  throw new ruleErrors[breach.rule](quote(name), breach.reason + where)
}
