export interface ResolvedHelpersOptions {
    root: string | undefined;
    redirects: {
        allowedOrigins: Set<string>;
        fallback: string | undefined;
    };
    csv: {
        bom: boolean;
        formulaEscape: boolean;
    };
}
export declare function resolveHelpersOptions(options: unknown): ResolvedHelpersOptions;
