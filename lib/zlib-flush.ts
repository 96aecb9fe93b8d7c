// A chunk that makes a zlib stream it reaches flush, through whatever sits between (@fastify/compress
// wraps its compressor in a transform of its own, out of reach): Node's zlib streams flush a chunk
// that carries their private flush-flag symbol, the way their own flush() does. The symbol is found
// once by watching flush() on a throw-away stream; test/lib-zlib-flush.test.ts fails if Node changes it.
import { constants, createGzip } from 'node:zlib'

function findFlushFlag (): symbol | undefined {
  const probe = createGzip()
  let found: symbol | undefined
  const write = probe.write.bind(probe)
  probe.write = ((chunk: object, ...rest: unknown[]) => {
    found = Object.getOwnPropertySymbols(chunk).find(s => s.description === 'kFlushFlag')
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest)
  }) as typeof probe.write
  probe.flush()
  probe.destroy()
  return found
}

const kFlushFlag = findFlushFlag()

/**
 * Marks `chunk` so a zlib compressor that receives it flushes right after it (Z_SYNC_FLUSH, which
 * brotli reads as its own flush): the bytes so far reach the client. Anything else ignores the mark.
 */
export function withSyncFlush (chunk: Buffer): Buffer {
  /* c8 ignore next: only a Node release without the symbol; the lib test fails first */
  if (kFlushFlag === undefined) return chunk
  ;(chunk as unknown as Record<symbol, number>)[kFlushFlag] = constants.Z_SYNC_FLUSH
  return chunk
}

/** Whether this Node's zlib streams expose the flush flag (for the test). */
export const canMarkFlush = kFlushFlag !== undefined
