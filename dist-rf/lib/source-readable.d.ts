import { Readable } from 'node:stream';
import type { OpenedSource } from './stream-source.js';
export interface SourceReadableOptions<T> {
    /** Turns one item of the source into body text or bytes; throw to fail the body. */
    encode: (item: T) => string | Uint8Array;
    /**
     * Text items are joined until they reach this many bytes, then written in one go (large writes
     * are what make row exports fast). 0 writes each item as it comes.
     */
    batchSize?: number;
    /** Written before the first item (a CSV BOM and header row). Receives the first item, if any. */
    prefix?: (first: T | undefined) => string;
    /** Told about an error thrown while stopping the source (its `finally` threw). */
    onCloseError?: (error: unknown) => void;
}
/** The Readable body for `source`; the caller hands it to `reply.send`. */
export declare function sourceReadable<T>(source: OpenedSource<T>, options: SourceReadableOptions<T>): Readable;
