// Where a requested file lives, and whether it may be read. A path for a root is refused on its
// text first (no I/O for an obvious attack), then its real path (symlinks followed) must still be
// inside the root's real path, so a link placed in the root cannot lead out of it.
import { realpathSync } from 'node:fs'
import { isAbsolute, resolve, sep } from 'node:path'
import { ReplyKitFileForbiddenError, ReplyKitFileNotFoundError } from './errors.js'

export type PathRefusal = 'forbidden' | 'not-found'

// Encoded dots, separators and NUL: Fastify has decoded the URL once already, so one of these in a
// path means a second decoding was hoped for somewhere (`%2e%2e`, `..%2f`, `%252e` -> `%2e`).
const ENCODED_TRAVERSAL = /%(?:2e|2f|5c|00)/i

/**
 * Why `requested` may not be looked up inside a root, or undefined when its text is acceptable:
 * NUL bytes, backslashes, absolute paths, encoded dots or separators, and any segment that starts
 * with a dot (`..`, `.env`, `.git`) are refused; `.` segments (`./posts.csv`, `a/./b`) name the
 * folder they are in and are accepted. A trailing slash names a folder: not found.
 */
export function refuseRequestedPath (requested: string): PathRefusal | undefined {
  if (requested === '') return 'not-found'
  if (requested.includes('\0') || requested.includes('\\') || isAbsolute(requested)) return 'forbidden'
  if (ENCODED_TRAVERSAL.test(requested)) return 'forbidden'
  for (const segment of requested.split('/')) {
    if (segment.startsWith('.') && segment !== '.') return 'forbidden'
  }
  return requested.endsWith('/') ? 'not-found' : undefined
}

/**
 * Why a path used without any root may not be read: the same traversal tricks as under a root
 * (NUL, backslashes, `..` segments raw or encoded, encoded separators), and, for a path that came
 * from the request, an absolute path. An absolute path the application wrote itself is its own.
 */
export function refuseRootlessPath (requested: string, fromRequest: boolean): PathRefusal | undefined {
  if (requested === '') return 'not-found'
  if (requested.includes('\0') || requested.includes('\\') || ENCODED_TRAVERSAL.test(requested)) return 'forbidden'
  if (requested.split('/').includes('..')) return 'forbidden'
  if (fromRequest && isAbsolute(requested)) return 'forbidden'
  return requested.endsWith('/') ? 'not-found' : undefined
}

/** Whether `path` is `root` itself or below it (both absolute and normalized). */
export function isInside (root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
}

export type ResolvedPath = { path: string } | { refused: PathRefusal }

/**
 * The real path of `requested`: inside `realRoot` (an already real, absolute folder) when given,
 * else the path as the application wrote it (resolved from the working directory), refused by
 * refuseRootlessPath (`fromRequest`: the path is a value of the request). Files that do
 * not exist are `not-found`; paths or links leading out of the root are `forbidden`.
 */
export function resolveFilePath (requested: string, realRoot?: string, fromRequest = false): ResolvedPath {
  if (realRoot === undefined) {
    const refused = refuseRootlessPath(requested, fromRequest)
    return refused === undefined ? { path: resolve(requested) } : { refused }
  }
  const refused = refuseRequestedPath(requested)
  if (refused !== undefined) return { refused }
  const candidate = resolve(realRoot, requested)
  let real: string
  try {
    // Synchronous on purpose: a path lookup the kernel answers from its cache in microseconds,
    // where the thread-pool round trip of the async call cost a small-file download about 8% of
    // its throughput (bench/README.md). The file itself is still read asynchronously.
    real = realpathSync.native(candidate)
  } catch (err) {
    return { refused: refusalOrThrow(err) }
  }
  if (!isInside(realRoot, real)) return { refused: 'forbidden' }
  return { path: real }
}

// EFTYPE: a path that exists but is no regular file (a FIFO, a socket, a device).
const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'EISDIR', 'EFTYPE'])
const FORBIDDEN_CODES = new Set(['EACCES', 'EPERM', 'ELOOP'])

/**
 * How a file system error is told to the client: absent things are 404, refused ones 403; other
 * errors (EIO, EMFILE...) are undefined and stay server errors.
 */
export function refusalOf (err: unknown): PathRefusal | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (code === undefined) return undefined
  if (NOT_FOUND_CODES.has(code)) return 'not-found'
  return FORBIDDEN_CODES.has(code) ? 'forbidden' : undefined
}

/** The refusal a file system error means; other errors are thrown again. */
export function refusalOrThrow (err: unknown): PathRefusal {
  const refused = refusalOf(err)
  if (refused === undefined) throw err
  return refused
}

/** The FST_REPLYKIT_* error for a refusal of `path`. */
export function refusalError (refused: PathRefusal, path: string): Error {
  return refused === 'forbidden' ? new ReplyKitFileForbiddenError(path) : new ReplyKitFileNotFoundError(path)
}

/**
 * The error a client gets for `err` met while sending `path`: file system errors that mean
 * "absent" or "refused" become 404 or 403 FST_REPLYKIT_* errors; anything else is unchanged.
 */
export function fileErrorOf (err: unknown, path: string): unknown {
  const refused = refusalOf(err)
  return refused === undefined ? err : refusalError(refused, path)
}
