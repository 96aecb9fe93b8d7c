export type PathRefusal = 'forbidden' | 'not-found';
/**
 * Why `requested` may not be looked up inside a root, or undefined when its text is acceptable:
 * NUL bytes, backslashes, absolute paths, encoded dots or separators, and any segment that starts
 * with a dot (`..`, `.`, `.env`, `.git`) are refused.
 */
export declare function refuseRequestedPath(requested: string): PathRefusal | undefined;
/** Whether `path` is `root` itself or below it (both absolute and normalized). */
export declare function isInside(root: string, path: string): boolean;
export type ResolvedPath = {
    path: string;
} | {
    refused: PathRefusal;
};
/**
 * The real path of `requested`: inside `realRoot` (an already real, absolute folder) when given,
 * else the path as the application wrote it (resolved from the working directory). Files that do
 * not exist are `not-found`; paths or links leading out of the root are `forbidden`.
 */
export declare function resolveFilePath(requested: string, realRoot?: string): ResolvedPath;
/**
 * How a file system error is told to the client: absent things are 404, refused ones 403; other
 * errors (EIO, EMFILE...) are undefined and stay server errors.
 */
export declare function refusalOf(err: unknown): PathRefusal | undefined;
/** The refusal a file system error means; other errors are thrown again. */
export declare function refusalOrThrow(err: unknown): PathRefusal;
/** The FST_REPLYKIT_* error for a refusal of `path`. */
export declare function refusalError(refused: PathRefusal, path: string): Error;
/**
 * The error a client gets for `err` met while sending `path`: file system errors that mean
 * "absent" or "refused" become 404 or 403 FST_REPLYKIT_* errors; anything else is unchanged.
 */
export declare function fileErrorOf(err: unknown, path: string): unknown;
