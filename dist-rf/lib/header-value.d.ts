/** Why `name` cannot be a declared response header, or undefined if it can. */
export declare function headerNameProblem(name: string): string | undefined;
/** Why `value` cannot be sent as a header value, or undefined if it can. */
export declare function headerValueProblem(value: unknown): string | undefined;
