/** Lowercase names without duplicates, or ['*'] when `*` is among them. */
export declare function normalizeVary(names: readonly string[]): string[];
/**
 * The Vary value with `add` merged into `existing` (a header value, possibly a list or an array of
 * values). Existing names keep their spelling and order; new names are appended.
 */
export declare function mergeVary(existing: string | readonly string[] | undefined, add: readonly string[]): string;
