// multipart/byteranges (RFC 9110 section 14.6): which ranges of a Range header are worth sending,
// coalesced, and the exact framing of the body, so Content-Length is known before the first byte.
import { randomBytes } from 'node:crypto'
import { parseRange, type ByteRange } from './range.js'

/** At most this many parts in a multipart answer; more, and the whole file is sent. */
export const MAX_PARTS = 16
// range-specs read before the header is ignored outright: enough for any real client, little work.
const MAX_SPECS = 256

export interface MultipartPlan {
  /** `multipart/byteranges; boundary=...` */
  contentType: string
  /** Each part's range and the framing bytes sent before it. */
  parts: Array<{ range: ByteRange, head: Buffer }>
  /** The closing delimiter. */
  tail: Buffer
  /** The whole body's length. */
  length: number
}

export type RangePlan =
  | { kind: 'whole' }
  | { kind: 'unsatisfiable' }
  | { kind: 'single', range: ByteRange }
  | { kind: 'multipart', plan: MultipartPlan }

function partHead (boundary: string, first: boolean, mediaType: string, range: ByteRange, size: number): Buffer {
  return Buffer.from(`${first ? '' : '\r\n'}--${boundary}\r\ncontent-type: ${mediaType}\r\ncontent-range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`, 'latin1')
}

/** Ranges separated by less than `gap` bytes are joined (sending the gap costs less than a part). */
export function coalesceRanges (ranges: ByteRange[], gap: number): ByteRange[] {
  const merged: ByteRange[] = [{ ...ranges[0] as ByteRange }]
  for (let i = 1; i < ranges.length; i++) {
    const range = ranges[i] as ByteRange
    const last = merged[merged.length - 1] as ByteRange
    if (range.start - last.end - 1 < gap) last.end = Math.max(last.end, range.end)
    else merged.push({ ...range })
  }
  return merged
}

/**
 * What to send for a Range header on `size` bytes of `mediaType`: the whole representation (no or
 * an ignored header, more than MAX_PARTS parts, a multipart body larger than the content), a 416,
 * one range (206), or a multipart/byteranges body (206).
 */
export function planRanges (header: string, size: number, mediaType: string, boundary = randomBytes(12).toString('hex')): RangePlan {
  const parsed = parseRange(header, size, { maxRanges: MAX_SPECS })
  if (parsed === undefined) return { kind: 'whole' }
  if (parsed === 'unsatisfiable') return { kind: 'unsatisfiable' }
  // The framing of one part, with the longest numbers this size can have: the gap worth joining.
  const overhead = partHead(boundary, false, mediaType, { start: size, end: size }, size).length
  const ranges = coalesceRanges(parsed, overhead)
  if (ranges.length === 1) return { kind: 'single', range: ranges[0] as ByteRange }
  if (ranges.length > MAX_PARTS) return { kind: 'whole' }
  const parts = ranges.map((range, i) => ({ range, head: partHead(boundary, i === 0, mediaType, range, size) }))
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1')
  let length = tail.length
  for (const part of parts) length += part.head.length + part.range.end - part.range.start + 1
  // Never more bytes than the content itself: then the content is the cheaper answer.
  if (length > size) return { kind: 'whole' }
  return { kind: 'multipart', plan: { contentType: `multipart/byteranges; boundary=${boundary}`, parts, tail, length } }
}

/**
 * The multipart body: each part's framing, then its bytes from `chunks` (which yields exactly the
 * bytes of the plan's ranges, in order, no chunk spanning two ranges), then the closing delimiter.
 * Fewer bytes than the plan is an error: the client must not take a cut body for a whole one.
 */
export async function * multipartBody (plan: MultipartPlan, chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let index = 0
  let left = 0
  for await (const chunk of chunks) {
    if (left === 0) {
      const part = plan.parts[index++] as MultipartPlan['parts'][number]
      yield part.head
      left = part.range.end - part.range.start + 1
    }
    yield chunk
    left -= chunk.length
  }
  if (left !== 0 || index !== plan.parts.length) throw new Error('the content ended before the last range')
  yield plan.tail
}
