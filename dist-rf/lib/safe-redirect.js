// Redirect targets parsed once with the WHATWG URL parser (as browsers do), checked, and emitted
// in that same normalized form: checking one string and sending another was CVE-2024-29041.
import { ReplyKitBadOptionError } from './errors.js';
// Relative targets are resolved against this made-up origin; landing anywhere else means the
// target named a host of its own (`//evil.com`, `/\evil.com`, `\\evil.com`).
const SENTINEL = 'http://safe-redirect.invalid';
// C0 controls and DEL: the URL parser silently drops tab, CR and LF (`java\tscript:`), and CR/LF
// in a header is response splitting. Refused outright rather than cleaned.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** An allowed origin as given by the user (`https://app.example.com`), normalized; throws if it is not one. */
export function parseAllowedOrigin(origin) {
    let url;
    try {
        url = new URL(origin);
    }
    catch { }
    if (typeof origin !== 'string' || url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') ||
        url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '' || CONTROL.test(origin)) {
        throw new ReplyKitBadOptionError('redirects.allowedOrigins', `${JSON.stringify(origin)} is not an http(s) origin such as https://app.example.com`);
    }
    return url.origin;
}
/**
 * The Location value for `target`, or undefined when it is not safe: relative references are
 * resolved against `base` (the request path) and emitted as path + query + fragment; absolute
 * URLs must be http(s), without userinfo, on one of `allowedOrigins` (normalized origins).
 */
export function safeRedirectLocation(target, allowedOrigins, base = '/') {
    if (typeof target !== 'string' || target === '' || CONTROL.test(target))
        return undefined;
    let absolute;
    try {
        absolute = new URL(target);
    }
    catch { }
    if (absolute !== undefined) {
        if (absolute.username !== '' || absolute.password !== '')
            return undefined;
        if ((absolute.protocol !== 'http:' && absolute.protocol !== 'https:') || !allowedOrigins.has(absolute.origin))
            return undefined;
        return absolute.href;
    }
    let resolved;
    try {
        resolved = new URL(target, SENTINEL + (base.startsWith('/') ? base : '/'));
    }
    catch {
        return undefined; // e.g. `http://[`: same scheme as the base, so read as an authority, and a bad one
    }
    if (resolved.origin !== SENTINEL)
        return undefined;
    const location = resolved.pathname + resolved.search + resolved.hash;
    return opensAnotherHost(resolved.pathname) ? undefined : location;
}
// A path whose (repeatedly) decoded form starts with `//` or `/\` is read as a host by some
// clients and proxies (`/%2F%2Fevil.com`, `/.//evil.com` which the parser turns into `//evil.com`).
function opensAnotherHost(pathname) {
    let path = pathname;
    for (let i = 0; i < 3; i++) {
        if (/^[/\\]{2}/.test(path))
            return true;
        let decoded;
        try {
            decoded = decodeURIComponent(path);
        }
        catch {
            return true;
        }
        if (decoded === path)
            return false;
        path = decoded;
    }
    return /^[/\\]{2}/.test(path);
}
/** Checks `redirects` options at registration; returns the allowed origins and the normalized fallback. */
export function resolveRedirectOptions(redirects) {
    if (redirects === undefined)
        return { allowedOrigins: new Set(), fallback: undefined };
    if (redirects === null || typeof redirects !== 'object') {
        throw new ReplyKitBadOptionError('redirects', 'must be an object { allowedOrigins, fallback }');
    }
    const { allowedOrigins = [], fallback } = redirects;
    if (!Array.isArray(allowedOrigins))
        throw new ReplyKitBadOptionError('redirects.allowedOrigins', 'must be an array of origins');
    const origins = new Set(allowedOrigins.map(parseAllowedOrigin));
    if (fallback === undefined)
        return { allowedOrigins: origins, fallback: undefined };
    const location = safeRedirectLocation(fallback, origins);
    if (location === undefined) {
        throw new ReplyKitBadOptionError('redirects.fallback', `${JSON.stringify(fallback)} is not a relative path or a URL of an allowed origin`);
    }
    return { allowedOrigins: origins, fallback: location };
}
//# sourceMappingURL=safe-redirect.js.map