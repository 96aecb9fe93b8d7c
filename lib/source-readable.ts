// A Node Readable that pulls from an opened source only when the consumer asks for more (so a
// slow client holds the source back instead of making the server buffer the whole body) and
// stops the source when it is destroyed (client gone, error): the generator's `finally` runs.
import { Readable } from 'node:stream'
import { withSyncFlush } from './zlib-flush.js'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { OpenedSource } from './stream-source.js'
import { ReplyKitBadStreamSourceError } from './errors.js'

export interface SourceReadableOptions<T> {
  /** Turns one item of the source into body text or bytes; throw to fail the body. */
  encode: (item: T) => string | Uint8Array
  /**
   * Text items are joined until they reach this many bytes, then written in one go (large writes
   * are what make row exports fast). 0 writes each item as it comes.
   */
  batchSize?: number
  /** Written before the first item (a CSV BOM and header row). Receives the first item, if any. */
  prefix?: (first: T | undefined) => string
  /** Told about an error thrown while stopping the source (its `finally` threw). */
  onCloseError?: (error: unknown) => void
  /**
   * Called once, when the consumer first asks for data: Fastify has then handed the response's
   * headers on, so a header set after this would be lost.
   */
  onStart?: () => void
}

/**
 * A batch that waits this long for a source that has gone quiet (a slow query, a live feed) is
 * written as it is, so the rows so far reach the client instead of waiting for a full batch.
 */
const STALL_FLUSH_MS = 20

/** @fastify/compress swaps in its compressor after this many bytes; a flush mark before that is lost. */
const COMPRESS_PEEK_BYTES = 10

/** Give the event loop a turn after about this much body. */
const TURN_EVERY = 256 * 1024

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as Promise<unknown> | null)?.then === 'function'

/** Rows are joined into a string of about this many characters before one write into the buffer. */
const JOIN_CHARS = 16 * 1024

/**
 * Text encoded into an off-heap buffer. A batch built as one JS string would hold its rows on the
 * heap across garbage collections, get promoted to the old generation and make the heap (and RSS)
 * grow with the length of the export; bytes in a Buffer do not. Rows are first joined into short
 * strings (young garbage, never promoted), so the buffer is written once per 16 KiB, not per row.
 */
class ByteBatch {
  private buffer = Buffer.alloc(0)
  private bytes = 0
  private joined = ''
  constructor (private readonly capacity: number) {}

  /** Bytes so far (joined text counted by its length, a lower bound of its UTF-8 size). */
  get used (): number {
    return this.bytes + this.joined.length
  }

  add (text: string): void {
    this.joined += text
    if (this.joined.length >= JOIN_CHARS) this.write()
  }

  private write (): void {
    const text = this.joined
    this.joined = ''
    const needed = this.bytes + text.length * 3 // the most UTF-8 bytes a UTF-16 string can need
    if (needed > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(needed, this.capacity))
      this.buffer.copy(bigger, 0, 0, this.bytes)
      this.buffer = bigger
    }
    this.bytes += this.buffer.write(text, this.bytes)
  }

  take (): Buffer {
    if (this.joined !== '') this.write()
    const bytes = this.buffer.subarray(0, this.bytes)
    this.buffer = Buffer.alloc(0)
    this.bytes = 0
    return bytes
  }
}

/** The Readable body for `source`; the caller hands it to `reply.send`. */
export function sourceReadable<T> (source: OpenedSource<T>, options: SourceReadableOptions<T>): Readable {
  const { encode, batchSize = 0, prefix, onCloseError, onStart } = options
  const batch = new ByteBatch(batchSize + 16 * 1024)
  let pulling = false
  let started = false
  let pushed = false
  let reading = false
  let sinceTurn = 0
  let stallTimer: NodeJS.Timeout | undefined

  const readable = new Readable({
    highWaterMark: 64 * 1024,
    read () {
      if (!reading) {
        reading = true
        onStart?.()
      }
      if (pulling) return
      pulling = true
      pump().catch((error: unknown) => readable.destroy(error as Error))
    },
    destroy (error, callback) {
      clearStall()
      // Stopping never holds up the destroy: a generator stuck in an await only reaches its
      // `finally` once that await settles; the signal is what cancels the await itself.
      source.close(error ?? undefined).catch((closeError: unknown) => onCloseError?.(closeError))
      callback(error)
    },
  })

  function push (chunk: Buffer | string | Uint8Array | null): boolean {
    if (chunk !== null) pushed = true
    return readable.push(chunk)
  }

  function clearStall (): void {
    if (stallTimer !== undefined) {
      clearTimeout(stallTimer)
      stallTimer = undefined
    }
  }

  // Only armed while a batch waits, and cleared whenever the batch is taken or the body ends.
  function flushStalled (): void {
    stallTimer = undefined
    const bytes = batch.take()
    // Marked, so a compressor downstream flushes too, or its own buffer would hold the rows back.
    if (!pushed && bytes.length > COMPRESS_PEEK_BYTES) {
      push(bytes.subarray(0, COMPRESS_PEEK_BYTES))
      push(withSyncFlush(bytes.subarray(COMPRESS_PEEK_BYTES)))
    } else {
      push(withSyncFlush(bytes))
    }
  }

  function takeBatch (): Buffer {
    clearStall()
    return batch.take()
  }

  // Sync sources are pulled without awaiting; async ones cost one await per item.
  async function pump (): Promise<void> {
    for (;;) {
      if (sinceTurn >= TURN_EVERY) {
        // A source that answers at once (an array, a sync cursor, a generator without real I/O)
        // and a client that keeps up would otherwise run the whole export in one go, starving
        // every other request meanwhile.
        sinceTurn = 0
        await nextTurn()
        if (readable.destroyed) return
      }
      let result = source.next()
      if (isPromise(result)) {
        // One timer per batch at most, armed only while a batch waits on a pending source.
        if (batch.used > 0 && stallTimer === undefined) stallTimer = setTimeout(flushStalled, STALL_FLUSH_MS)
        result = await result
        // Only an await lets the client leave in between; sync sources skip the check.
        if (readable.destroyed) return
      }
      if (result === null || typeof result !== 'object') {
        throw new ReplyKitBadStreamSourceError(`its iterator's next() gave ${result === null ? 'null' : typeof result}, not an iterator result`)
      }
      if (!started) {
        started = true
        if (prefix !== undefined) batch.add(prefix(result.done === true ? undefined : result.value))
      }
      if (result.done === true) {
        if (batch.used > 0) push(takeBatch())
        clearStall()
        push(null)
        return
      }
      const encoded = encode(result.value)
      let more: boolean
      if (typeof encoded === 'string' && batchSize > 0) {
        batch.add(encoded)
        if (batch.used < batchSize) continue
        sinceTurn += batch.used
        more = push(takeBatch())
      } else {
        // Written as it is, after any text joined before it.
        if (batch.used > 0) push(takeBatch())
        sinceTurn += encoded.length
        more = push(encoded)
      }
      if (!more) {
        pulling = false
        return
      }
    }
  }

  return readable
}
