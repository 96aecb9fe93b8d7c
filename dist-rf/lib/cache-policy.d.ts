import { type CacheDirectives } from './cache-control.js';
export type CdnDirectives = Pick<CacheDirectives, 'maxAge' | 'sMaxAge' | 'staleWhileRevalidate' | 'staleIfError' | 'noStore'>;
/** A policy with presets applied and durations in seconds. */
export interface NormalizedPolicy extends CacheDirectives {
    cdn?: CdnDirectives;
    vary?: string[];
    etag?: boolean;
}
/** What the send-time hook needs, computed once per policy. */
export interface CompiledCachePolicy {
    /** Cache-Control value ('' when the policy has no directive, e.g. `{ etag: true }`). */
    header: string;
    /** The value when downgraded to private: `public` and `s-maxage` dropped, ages kept. */
    privateHeader: string;
    /** CDN-Cache-Control value, if any. */
    cdnHeader: string | undefined;
    /** Header names to merge into Vary (lowercase, no duplicates; `['*']` when `*` is among them). */
    vary: readonly string[] | undefined;
    /** The same names as one Vary value. */
    varyHeader: string | undefined;
    etag: boolean;
    /** A shared cache may store the response: a Set-Cookie on it must downgrade it to private. */
    cookieRisk: boolean;
    /** A shared cache may reuse it for a request with Authorization (RFC 9111 section 3.5). */
    authRisk: boolean;
}
export type PresetTable = ReadonlyMap<string, NormalizedPolicy>;
/**
 * The normal form of a policy input: a preset name, a raw Cache-Control value, or a policy object.
 * Throws CachePolicyError naming the field at fault ('' for the input as a whole).
 */
export declare function resolveCachePolicy(input: unknown, presets: PresetTable): NormalizedPolicy;
/**
 * The built-in presets with the user's added or overridden on top. A preset may start from another
 * (`{ preset: 'public', maxAge: '1h' }`); one that names itself starts from the built-in of that name.
 * Throws CachePolicyError with the field 'name' or 'name.field'.
 */
export declare function buildPresetTable(custom: unknown): PresetTable;
/** The header strings and flags of a policy, computed once. */
export declare function compileCachePolicy(policy: NormalizedPolicy): CompiledCachePolicy;
