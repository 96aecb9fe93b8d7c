import type { CookieOptions } from '../types/options.js';
/** HttpOnly, Secure, SameSite=Lax, Path=/ unless said otherwise. */
export declare const SECURE_COOKIE_DEFAULTS: Readonly<CookieOptions>;
/** A new object: `base` with every defined attribute of `over` on top. */
export declare function mergeCookieOptions(base: Readonly<CookieOptions>, over?: Readonly<CookieOptions> | null): CookieOptions;
/**
 * The attributes a deleting Set-Cookie must repeat so the browser matches the cookie it holds
 * (name, domain, path; and Secure, SameSite, Partitioned so it is accepted at all). Max-Age=0 and
 * the past Expires are added by @fastify/cookie's clearCookie.
 */
export declare function clearCookieOptions(options: Readonly<CookieOptions>): CookieOptions;
