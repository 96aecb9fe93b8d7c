// Pulls a source's first item before anything is sent: whatever the source's own code does before
// its first item (set a header or a cookie through useReply(), fail) happens while the response
// can still take it. The item is then replayed by the first next().
import type { OpenedSource } from './stream-source.js'

export interface PrimableSource<T> extends OpenedSource<T> {
  /** Pulls the first item now (rejects with the error the source threw); next() replays it. */
  prime: () => Promise<void>
}

export function primableSource<T> (source: OpenedSource<T>): PrimableSource<T> {
  let first: IteratorResult<T> | undefined
  return {
    prime: async () => { first = await source.next() },
    next: () => {
      if (first === undefined) return source.next()
      const result = first
      first = undefined
      return result
    },
    close: source.close,
    signal: source.signal,
  }
}
