export type SharedSchemas = Readonly<Record<string, unknown>>;
export interface ResolvedRef {
    schema: unknown;
    /** The document that later local refs ('#/...') are relative to. */
    root: unknown;
}
/** The schema a $ref points to, or undefined when it cannot be found. */
export declare function resolveRef(ref: string, root: unknown, shared: SharedSchemas): ResolvedRef | undefined;
