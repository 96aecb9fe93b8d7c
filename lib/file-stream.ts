// Reading a file for a response. A stream is opened before the answer starts, so a file deleted (or
// made unreadable) after its stat fails as a clean error reply, not in the middle of a started body.
import type { ReadStream } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import fs from 'node:fs'

/** Resolves once `stream` has its file descriptor; rejects with the open error. */
export function whenOpen (stream: ReadStream): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream.pending) {
      resolve()
      return
    }
    stream.once('error', reject)
    stream.once('ready', () => {
      stream.off('error', reject)
      resolve()
    })
  })
}

/**
 * The first `size` bytes of a small file, read at once (open, one read, close): fewer steps than a
 * stream for a file that fits one read, and the callback API, lighter than FileHandle's promises.
 * Fewer bytes when the file has shrunk since its stat.
 */
export function readSmallFile (path: string, size: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    fs.open(path, 'r', (openError, fd) => {
      if (openError !== null) {
        reject(openError)
        return
      }
      const buffer = Buffer.allocUnsafe(size)
      fs.read(fd, buffer, 0, size, 0, (readError, bytesRead) => {
        // Closing a descriptor opened for reading loses nothing: its error is not the reader's.
        fs.close(fd, () => {
          if (readError !== null) reject(readError)
          else resolve(bytesRead === size ? buffer : buffer.subarray(0, bytesRead))
        })
      })
    })
  })
}

/** Bytes read per call when a file's ranges are read through one descriptor. */
const CHUNK = 64 * 1024

/**
 * The bytes of `ranges` (sorted, disjoint) of an open file, each chunk inside one range; the
 * descriptor is closed when the reading ends, fails or is stopped (a client that left). A file
 * that shrank under the ranges is an error: the body must not look whole.
 */
export async function * readFileRanges (handle: FileHandle, ranges: ReadonlyArray<{ start: number, end: number }>): AsyncGenerator<Buffer> {
  try {
    for (const range of ranges) {
      let position = range.start
      while (position <= range.end) {
        const length = Math.min(CHUNK, range.end - position + 1)
        const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(length), 0, length, position)
        if (bytesRead === 0) throw new Error('the file shrank while it was sent')
        yield bytesRead === length ? buffer : buffer.subarray(0, bytesRead)
        position += bytesRead
      }
    }
  } finally {
    await handle.close()
  }
}

/**
 * The bytes of `ranges` (sorted, disjoint) of a sequential source, each chunk inside one range:
 * what lies before, between and after them is read and dropped, and the source is stopped after
 * the last range. A source shorter than the last range ends the generator early (the caller
 * counts). Used for a stream of known size served with Range, and to cap a stream at its size.
 */
export async function * sliceSource (source: AsyncIterable<Uint8Array | string>, ranges: ReadonlyArray<{ start: number, end: number }>): AsyncGenerator<Buffer> {
  let offset = 0
  let index = 0
  for await (const item of source) {
    const chunk = typeof item === 'string' ? Buffer.from(item) : Buffer.from(item.buffer, item.byteOffset, item.byteLength)
    let at = 0
    while (index < ranges.length && at < chunk.length) {
      const range = ranges[index] as { start: number, end: number }
      const from = Math.max(at, range.start - offset)
      if (from >= chunk.length) break
      const to = Math.min(chunk.length, range.end - offset + 1)
      yield chunk.subarray(from, to)
      at = to
      if (offset + to > range.end) index++
    }
    offset += chunk.length
    // Leaving the loop returns the source's iterator: a Node stream is destroyed, its file closed.
    if (index === ranges.length) return
  }
}

/** The chunks of `source`, which must add up to `length` bytes: an early end is an error (no cut body that looks whole). */
export async function * exactLength (source: AsyncIterable<Buffer>, length: number): AsyncGenerator<Buffer> {
  let sent = 0
  for await (const chunk of source) {
    sent += chunk.length
    yield chunk
  }
  if (sent !== length) throw new Error(`the content ended after ${sent} of its ${length} bytes`)
}
