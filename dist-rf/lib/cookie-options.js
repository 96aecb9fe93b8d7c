/** HttpOnly, Secure, SameSite=Lax, Path=/ unless said otherwise. */
export const SECURE_COOKIE_DEFAULTS = Object.freeze({
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
});
/** A new object: `base` with every defined attribute of `over` on top. */
export function mergeCookieOptions(base, over) {
    const merged = { ...base };
    if (over !== undefined && over !== null) {
        for (const key of Object.keys(over)) {
            const value = over[key];
            if (value !== undefined)
                merged[key] = value;
        }
    }
    return merged;
}
/**
 * The attributes a deleting Set-Cookie must repeat so the browser matches the cookie it holds
 * (name, domain, path; and Secure, SameSite, Partitioned so it is accepted at all). Max-Age=0 and
 * the past Expires are added by @fastify/cookie's clearCookie.
 */
export function clearCookieOptions(options) {
    const cleared = {};
    if (options.path !== undefined)
        cleared.path = options.path;
    if (options.domain !== undefined)
        cleared.domain = options.domain;
    if (options.secure !== undefined)
        cleared.secure = options.secure;
    if (options.sameSite !== undefined)
        cleared.sameSite = options.sameSite;
    if (options.partitioned !== undefined)
        cleared.partitioned = options.partitioned;
    if (options.httpOnly !== undefined)
        cleared.httpOnly = options.httpOnly;
    return cleared;
}
//# sourceMappingURL=cookie-options.js.map