import type { ReadStream } from 'node:fs';
/** Resolves once `stream` has its file descriptor; rejects with the open error. */
export declare function whenOpen(stream: ReadStream): Promise<void>;
