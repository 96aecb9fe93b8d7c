export interface ByteRange {
    /** First byte, inclusive. */
    start: number;
    /** Last byte, inclusive. */
    end: number;
}
export interface ParseRangeOptions {
    /** More range-specs than this and the header is ignored. Default 16. */
    maxRanges?: number;
}
/**
 * The ranges of `header` for a representation of `size` bytes, sorted and merged; `'unsatisfiable'`
 * when the header is valid but no range overlaps the content (416); undefined when the header must
 * be ignored (invalid syntax, another unit, too many ranges).
 */
export declare function parseRange(header: string, size: number, options?: ParseRangeOptions): ByteRange[] | 'unsatisfiable' | undefined;
/** Sorted by start, with overlapping and touching ranges joined. */
export declare function mergeRanges(ranges: ByteRange[]): ByteRange[];
export interface Validators {
    /** The representation's ETag, as sent. */
    etag?: string;
    /** The representation's Last-Modified, as sent (an HTTP-date). */
    lastModified?: string;
    /** The time of the response, in milliseconds; default now. */
    now?: number;
}
/**
 * Whether an If-Range condition holds, with the strong comparison RFC 9110 section 13.1.5 asks:
 * an entity-tag must be strong and identical; a date must equal Last-Modified exactly, and that
 * Last-Modified must itself be strong (at least one second before the response's Date).
 */
export declare function ifRangeHolds(ifRange: string, validators: Validators): boolean;
/** The Content-Range value of a 206 (`bytes 0-99/1234`) or, without a range, of a 416 (`bytes *\/1234`). */
export declare function contentRange(size: number, range?: ByteRange): string;
