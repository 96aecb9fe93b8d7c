/** An allowed origin as given by the user (`https://app.example.com`), normalized; throws if it is not one. */
export declare function parseAllowedOrigin(origin: unknown): string;
/**
 * The Location value for `target`, or undefined when it is not safe: relative references are
 * resolved against `base` (the request path) and emitted as path + query + fragment; absolute
 * URLs must be http(s), without userinfo, on one of `allowedOrigins` (normalized origins).
 */
export declare function safeRedirectLocation(target: unknown, allowedOrigins: ReadonlySet<string>, base?: string): string | undefined;
/** Checks `redirects` options at registration; returns the allowed origins and the normalized fallback. */
export declare function resolveRedirectOptions(redirects: unknown): {
    allowedOrigins: Set<string>;
    fallback: string | undefined;
};
