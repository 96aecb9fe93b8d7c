export interface ContentDispositionOptions {
    /** `inline` instead of `attachment`. */
    inline?: boolean;
}
/** A filename with the characters that never belong in a download name removed or replaced. */
export declare function cleanFilename(filename: string): string;
/** The ASCII stand-in of a filename: accents dropped, known letters spelled out, the rest `_`. */
export declare function asciiFilename(filename: string): string;
/**
 * The Content-Disposition value for a download (or an inline display) named `filename`; without
 * a filename, the bare disposition type.
 */
export declare function buildContentDisposition(filename?: string, options?: ContentDispositionOptions): string;
