/** A weak ETag of the body: W/"<sha1 in base64url>". Weak: equal content, not byte-identical encoding. */
export declare function weakEtag(body: string | Uint8Array): string;
/**
 * Whether an If-None-Match value matches the current representation's ETag: `*` matches any, else
 * any entity-tag of the list whose opaque tag equals the ETag's (weak comparison). Entity-tags are
 * read quote-aware, since a comma is a legal character inside one.
 */
export declare function ifNoneMatchMatches(header: string, etag: string): boolean;
