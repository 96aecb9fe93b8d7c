// Keyset pagination for the example's streamed exports: each page read whole, by id, so no
// better-sqlite3 iterator stays open between pages and other queries can run in between.

export interface IterateOptions {
  /** Rows per database read; default 1000. */
  batchSize?: number
  /** At most this many rows. */
  limit?: number
  /** Stops before the next read once aborted. */
  signal?: AbortSignal
}

/** Pages of `statement` (rows in id order, the id first; parameters `after` and `limit`). */
export function * keysetPages<R> (statement: { all: (after: number, limit: number) => unknown[] }, options: IterateOptions): Generator<R[]> {
  const batchSize = options.batchSize ?? 1000
  let left = options.limit ?? Infinity
  let after = 0
  while (left > 0 && options.signal?.aborted !== true) {
    const page = statement.all(after, Math.min(batchSize, left)) as R[]
    yield page
    if (page.length < batchSize) return
    left -= page.length
    const last = page[page.length - 1] as { id: number } | [number]
    after = Array.isArray(last) ? last[0] : last.id
  }
}
