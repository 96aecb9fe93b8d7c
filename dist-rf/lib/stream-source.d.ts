/** An opened source: pull with `next()` (sync iterables answer without a promise), stop with `close()`. */
export interface OpenedSource<T> {
    next: () => IteratorResult<T> | Promise<IteratorResult<T>>;
    /**
     * Stops the source early: aborts the signal given to a function source, then calls the
     * iterator's `return()` (a generator's `finally` runs, a stream is destroyed or cancelled).
     */
    close: (reason?: unknown) => Promise<void>;
    /** Aborted by `close()`; the signal a function source was given. */
    signal: AbortSignal;
}
/** Names what a value is, for error messages (never its content). */
export declare function describeSource(value: unknown): string;
/**
 * Opens `source`. Throws FST_REPLYKIT_BAD_STREAM_SOURCE for anything else than the accepted
 * kinds, including strings and byte arrays (send those with `reply.send`/`reply.text`).
 */
export declare function openSource(source: unknown, what?: string): OpenedSource<unknown>;
