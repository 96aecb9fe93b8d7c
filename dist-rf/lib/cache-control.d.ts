/** Response directives, named as in a cache policy; ages in seconds. */
export interface CacheDirectives {
    public?: boolean;
    private?: boolean;
    noCache?: boolean;
    noStore?: boolean;
    noTransform?: boolean;
    mustRevalidate?: boolean;
    proxyRevalidate?: boolean;
    mustUnderstand?: boolean;
    immutable?: boolean;
    maxAge?: number;
    sMaxAge?: number;
    staleWhileRevalidate?: number;
    staleIfError?: number;
}
/** A policy problem: the field at fault and what is wrong with it. */
export declare class CachePolicyError extends Error {
    readonly field: string;
    constructor(field: string, message: string);
}
type AgeKey = 'maxAge' | 'sMaxAge' | 'staleWhileRevalidate' | 'staleIfError';
export declare const AGE_KEYS: readonly AgeKey[];
/** The header value for the directives: lowercase names, fixed order, ', ' between them. */
export declare function buildCacheControl(directives: CacheDirectives): string;
/**
 * The directives of a Cache-Control value. Strict, since it reads values written by developers:
 * an unknown or repeated directive, a value on a flag, or a malformed age throws CachePolicyError.
 */
export declare function parseCacheControl(header: string): CacheDirectives;
/** The first rule the directives break, as a CachePolicyError; undefined when they are consistent. */
export declare function checkDirectives(d: CacheDirectives, prefix?: string): CachePolicyError | undefined;
export {};
