export declare const DEFAULT_SENSITIVE: ReadonlyArray<string | RegExp>;
/** A matcher for a list of patterns, built once. */
export declare function sensitiveMatcher(patterns: ReadonlyArray<string | RegExp>): (name: string) => boolean;
