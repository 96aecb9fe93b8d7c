// A Node Readable that pulls from an opened source only when the consumer asks for more (so a
// slow client holds the source back instead of making the server buffer the whole body) and
// stops the source when it is destroyed (client gone, error): the generator's `finally` runs.
import { Readable } from 'node:stream'
import type { OpenedSource } from './stream-source.js'

export interface SourceReadableOptions<T> {
  /** Turns one item of the source into body text or bytes; throw to fail the body. */
  encode: (item: T) => string | Uint8Array
  /**
   * Items are joined until the text reaches this many characters, then written in one go
   * (large writes are what make row exports fast). 0 writes each item as it comes.
   */
  batchSize?: number
  /** Written before the first item (a CSV BOM and header row). Receives the first item, if any. */
  prefix?: (first: T | undefined) => string
  /** Told about an error thrown while stopping the source (its `finally` threw). */
  onCloseError?: (error: unknown) => void
}

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as Promise<unknown> | null)?.then === 'function'

/** The Readable body for `source`; the caller hands it to `reply.send`. */
export function sourceReadable<T> (source: OpenedSource<T>, options: SourceReadableOptions<T>): Readable {
  const { encode, batchSize = 0, prefix, onCloseError } = options
  let pulling = false
  let started = false
  let batch = ''

  const readable = new Readable({
    highWaterMark: 64 * 1024,
    read () {
      if (pulling) return
      pulling = true
      pump().catch((error: unknown) => readable.destroy(error as Error))
    },
    destroy (error, callback) {
      // Stopping never holds up the destroy: a generator stuck in an await only reaches its
      // `finally` once that await settles; the signal is what cancels the await itself.
      source.close(error ?? undefined).catch((closeError: unknown) => onCloseError?.(closeError))
      callback(error)
    },
  })

  // Sync sources are pulled without awaiting; async ones cost one await per item.
  async function pump (): Promise<void> {
    for (;;) {
      let result = source.next()
      if (isPromise(result)) result = await result
      if (readable.destroyed) return
      if (!started) {
        started = true
        if (prefix !== undefined) batch = prefix(result.done === true ? undefined : result.value)
      }
      if (result.done === true) {
        if (batch !== '') readable.push(batch)
        readable.push(null)
        return
      }
      const encoded = encode(result.value)
      let more: boolean
      if (typeof encoded === 'string') {
        batch += encoded
        if (batch.length < batchSize) continue
        more = readable.push(batch)
      } else {
        // Bytes go out as they are, after any text joined before them.
        if (batch !== '') readable.push(batch)
        more = readable.push(encoded)
      }
      batch = ''
      if (!more) {
        pulling = false
        return
      }
    }
  }

  return readable
}
