// Cache-Control (RFC 9111 section 5.2.2) and CDN-Cache-Control (RFC 9213) values: build one from
// directives, parse one back, and check the rules between directives.
import { SECONDS_HINT, MAX_DELTA_SECONDS } from './duration.js';
/** A policy problem: the field at fault and what is wrong with it. */
export class CachePolicyError extends Error {
    field;
    constructor(field, message) {
        super(message);
        this.field = field;
    }
}
// Output order: visibility first, then storage, then ages, then the rest.
const DIRECTIVES = [
    ['public', 'public', 'flag'],
    ['private', 'private', 'flag'],
    ['noCache', 'no-cache', 'flag'],
    ['noStore', 'no-store', 'flag'],
    ['maxAge', 'max-age', 'age'],
    ['sMaxAge', 's-maxage', 'age'],
    ['staleWhileRevalidate', 'stale-while-revalidate', 'age'],
    ['staleIfError', 'stale-if-error', 'age'],
    ['mustRevalidate', 'must-revalidate', 'flag'],
    ['proxyRevalidate', 'proxy-revalidate', 'flag'],
    ['mustUnderstand', 'must-understand', 'flag'],
    ['noTransform', 'no-transform', 'flag'],
    ['immutable', 'immutable', 'flag'],
];
const BY_NAME = new Map(DIRECTIVES.map(([key, name, kind]) => [name, { key, kind }]));
export const AGE_KEYS = ['maxAge', 'sMaxAge', 'staleWhileRevalidate', 'staleIfError'];
const DELTA = /^\d{1,10}$/;
/** The header value for the directives: lowercase names, fixed order, ', ' between them. */
export function buildCacheControl(directives) {
    let out = '';
    for (const [key, name, kind] of DIRECTIVES) {
        const value = directives[key];
        if (value === undefined || value === false)
            continue;
        if (out !== '')
            out += ', ';
        out += kind === 'age' ? `${name}=${value}` : name;
    }
    return out;
}
/**
 * The directives of a Cache-Control value. Strict, since it reads values written by developers:
 * an unknown or repeated directive, a value on a flag, or a malformed age throws CachePolicyError.
 */
export function parseCacheControl(header) {
    const directives = {};
    for (const item of header.split(',')) {
        const part = item.trim();
        if (part === '')
            continue;
        const eq = part.indexOf('=');
        const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
        const known = BY_NAME.get(name);
        if (known === undefined)
            throw new CachePolicyError(name, `'${name}' is not a known Cache-Control response directive`);
        if (directives[known.key] !== undefined)
            throw new CachePolicyError(name, `directive '${name}' is repeated`);
        if (known.kind === 'flag') {
            if (eq !== -1)
                throw new CachePolicyError(name, `directive '${name}' takes no value (field-name lists are not supported)`);
            directives[known.key] = true;
            continue;
        }
        let raw = eq === -1 ? '' : part.slice(eq + 1).trim();
        if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"'))
            raw = raw.slice(1, -1);
        const seconds = DELTA.test(raw) ? Number(raw) : NaN;
        if (!(seconds <= MAX_DELTA_SECONDS))
            throw new CachePolicyError(name, `directive '${name}' must be ${SECONDS_HINT}; got '${raw}'`);
        directives[known.key] = seconds;
    }
    return directives;
}
/** The first rule the directives break, as a CachePolicyError; undefined when they are consistent. */
export function checkDirectives(d, prefix = '') {
    if (d.public === true && d.private === true)
        return new CachePolicyError(prefix + 'private', 'public and private exclude each other');
    if (d.noStore === true) {
        if (d.public === true)
            return new CachePolicyError(prefix + 'noStore', 'noStore with public makes no sense: nothing may be stored');
        for (const key of AGE_KEYS) {
            if (d[key] !== undefined)
                return new CachePolicyError(prefix + key, `noStore with ${key} makes no sense: nothing may be stored`);
        }
    }
    return undefined;
}
//# sourceMappingURL=cache-control.js.map