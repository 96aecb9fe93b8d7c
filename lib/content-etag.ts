// Strong ETags from the bytes themselves (`etag: 'content'`): the same file answers the same ETag on
// every server, whatever its mtime there, so a client moved to another instance still revalidates
// with a 304. A file is hashed once per (path, size, mtime); the results are kept in a bounded map.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** The strong ETag of some bytes: "<sha256, base64url>". */
export function contentEtag (bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url')}"`
}

/** The strong ETag of a file's current bytes, read as a stream (no whole-file buffer). */
export async function fileContentEtag (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return `"${hash.digest('base64url')}"`
}

export type ContentEtags = (path: string, size: number, mtimeMs: number) => Promise<string>

/**
 * A cache of file content ETags holding at most `max` entries (the oldest goes first). Requests
 * that arrive while a file is being hashed share that one hashing; a failed one is not kept.
 */
export function contentEtagCache (max = 1000, hashFile: (path: string) => Promise<string> = fileContentEtag): ContentEtags {
  const entries = new Map<string, Promise<string>>()
  return (path, size, mtimeMs) => {
    const key = `${size}:${mtimeMs}:${path}`
    const known = entries.get(key)
    if (known !== undefined) return known
    const pending = hashFile(path)
    if (entries.size >= max) entries.delete(entries.keys().next().value as string)
    entries.set(key, pending)
    pending.catch(() => entries.delete(key))
    return pending
  }
}
