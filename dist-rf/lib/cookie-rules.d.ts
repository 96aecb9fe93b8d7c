import type { CookieOptions } from '../types/options.js';
export type CookieRule = 'name' | 'prefix' | 'sameSite' | 'partitioned' | 'attribute' | 'size' | 'maxAge' | 'expires';
export interface CookieBreach {
    rule: CookieRule;
    reason: string;
}
/** Browsers drop a cookie whose name, value and attributes exceed this (RFC 6265bis 5.7, 6.1). */
export declare const MAX_COOKIE_BYTES = 4096;
/** Browsers ignore an attribute value longer than this (RFC 6265bis 5.6). */
export declare const MAX_ATTRIBUTE_BYTES = 1024;
/** Browsers cap Max-Age and Expires at 400 days (RFC 6265bis 5.6.1, 5.6.2). */
export declare const MAX_AGE_SECONDS: number;
/** The prefix a name carries, matched case-insensitively as browsers do (RFC 6265bis 4.1.3). */
export declare function cookiePrefix(name: string): '__Host-' | '__Secure-' | '__Host-Http-' | '__Http-' | undefined;
/** A cookie name must be an RFC 6265 token: no separators, spaces, controls or non-ASCII. */
export declare function checkCookieName(name: unknown): CookieBreach | undefined;
/** A cookie value must be a string that encodes losslessly (lone surrogates cannot be percent-encoded). */
export declare function checkCookieValue(value: unknown): CookieBreach | undefined;
/**
 * Checks the type and syntax of every attribute one options object gives (defaults, a declared
 * cookie or one call), whatever the caller's types said. Undefined values mean "not given".
 */
export declare function checkCookieOptions(options: unknown): CookieBreach | undefined;
/**
 * The rules that tie attributes together, on the merged options of one cookie. `secure: 'auto'`
 * is only known per request: at registration it counts as possibly Secure.
 */
export declare function checkCookieCombination(name: string, options: CookieOptions): CookieBreach | undefined;
/**
 * Makes Max-Age and Expires say what a browser will keep: whole seconds, capped at 400 days, and an
 * integer `expires` turned into its Date. Mutates `options` (a per-call copy).
 */
export declare function capCookieAge(options: CookieOptions, now: number): void;
/**
 * An upper bound on the serialized Set-Cookie length, without serializing: percent-encoding turns one
 * UTF-16 unit into at most 9 characters. Only when it exceeds the limit does the exact length matter.
 */
export declare function cookieLengthBound(name: string, value: string, options: CookieOptions): number;
/** The size rule, on the exact serialized length. */
export declare function checkCookieLength(length: number): CookieBreach | undefined;
