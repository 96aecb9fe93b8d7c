// What reply.file sends, whatever it comes from: a file on disk, bytes in memory, or a stream. Each
// source gives its validators and reads its bytes (whole, one range, several ranges); the response
// logic (plugins/reply-helpers/file-response.ts) is the same for all three.
import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { ContentEtags } from '../../lib/content-etag.js'
import { contentEtag } from '../../lib/content-etag.js'
import { exactLength, readFileRanges, readSmallFile, sliceSource, whenOpen } from '../../lib/file-stream.js'
import type { ByteRange } from '../../lib/range.js'
import { toSeconds } from '../../lib/http-date.js'

export type EtagMode = 'size-mtime' | 'content'

export interface Source {
  /** Bytes, when known: Content-Length, and Range only then. */
  size: number | undefined
  etag: string | undefined
  /** Milliseconds at whole seconds. */
  lastModified: number | undefined
  /** The whole content. */
  whole: () => Promise<Buffer | Readable>
  /** The bytes of sorted, disjoint ranges (size known), no chunk spanning two. */
  ranges: (ranges: ByteRange[]) => Promise<AsyncIterable<Buffer> | Readable>
  /** Releases what an unread source holds (a stream answered by a 304, a HEAD, a 412). */
  discard: () => void
}

// Up to this size a file is read in one go and sent as a Buffer.
const SMALL_FILE = 64 * 1024

/** The validator nginx and Apache use (and @fastify/send, whose format this keeps): size and mtime. */
function sizeMtimeEtag (size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`
}

/** A regular file at `path` (a real path already checked); anything else is an ENOENT-like EFTYPE. */
export async function diskSource (path: string, mode: EtagMode, contentEtags: ContentEtags): Promise<Source> {
  const info = await stat(path)
  // Neither a folder, nor a FIFO (its open would block a thread of the pool for good), nor a socket or device.
  if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: info.isDirectory() ? 'EISDIR' : 'EFTYPE' })
  const size = info.size
  return {
    size,
    etag: mode === 'content' ? await contentEtags(path, size, info.mtimeMs) : sizeMtimeEtag(size, info.mtimeMs),
    lastModified: toSeconds(info.mtimeMs),
    whole: async () => {
      // A file that shrank since its stat is sent as it is now, with its own length.
      if (size <= SMALL_FILE) return readSmallFile(path, size)
      // An explicit end: a file that grows while it is sent never gives more than Content-Length.
      const stream = createReadStream(path, { start: 0, end: Math.max(size - 1, 0) })
      await whenOpen(stream)
      return stream
    },
    ranges: async (ranges) => {
      if (ranges.length === 1) {
        const stream = createReadStream(path, ranges[0])
        await whenOpen(stream)
        return stream
      }
      return readFileRanges(await open(path, 'r'), ranges)
    },
    discard: () => {},
  }
}

/** Bytes in memory: a generated PDF, a file from object storage read whole. */
export function memorySource (bytes: Uint8Array, mode: EtagMode, lastModified: number | undefined): Source {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const size = buffer.length
  return {
    size,
    // size-mtime needs a time; without one only the content can tell two versions apart.
    etag: mode === 'content' || lastModified === undefined ? contentEtag(buffer) : sizeMtimeEtag(size, lastModified),
    lastModified,
    whole: async () => buffer,
    ranges: async (ranges) => slicesOf(buffer, ranges),
    discard: () => {},
  }
}

async function * slicesOf (buffer: Buffer, ranges: ByteRange[]): AsyncGenerator<Buffer> {
  for (const range of ranges) yield buffer.subarray(range.start, range.end + 1)
}

export type StreamInput = AsyncIterable<Uint8Array | string> & { destroy?: () => void, cancel?: () => Promise<void> }

/**
 * A stream, read once. With `size` it is capped at that length and an early end is an error (a
 * cut body never looks whole); without, it is sent as it comes (chunked) and Range is not offered.
 */
export function streamSource (stream: StreamInput, size: number | undefined, lastModified: number | undefined): Source {
  return {
    size,
    etag: size !== undefined && lastModified !== undefined ? sizeMtimeEtag(size, lastModified) : undefined,
    lastModified,
    whole: async () => {
      if (size === undefined) return Readable.from(stream, { objectMode: false })
      return Readable.from(exactLength(sliceSource(stream, size === 0 ? [] : [{ start: 0, end: size - 1 }]), size), { objectMode: false })
    },
    ranges: async (ranges) => sliceSource(stream, ranges),
    // A Node stream is destroyed (its file closed), a Web stream cancelled.
    discard: () => {
      if (typeof stream.destroy === 'function') stream.destroy()
      // A cancel that fails (a stream errored already) has nothing left to release.
      /* c8 ignore next */
      else stream.cancel?.().catch(() => {})
    },
  }
}
