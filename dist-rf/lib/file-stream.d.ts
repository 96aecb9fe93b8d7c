import type { ReadStream } from 'node:fs';
/** Resolves once `stream` has its file descriptor; rejects with the open error. */
export declare function whenOpen(stream: ReadStream): Promise<void>;
/**
 * The first `size` bytes of a small file, read at once (open, one read, close): fewer steps than a
 * stream for a file that fits one read, and the callback API, lighter than FileHandle's promises.
 * Fewer bytes when the file has shrunk since its stat.
 */
export declare function readSmallFile(path: string, size: number): Promise<Buffer>;
