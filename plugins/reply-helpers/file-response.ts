// The answer of reply.file for any source: preconditions (RFC 9110 section 13.2.2), HEAD, Range
// (one range, multipart/byteranges, 416) and the whole content, with the download headers.
import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { ReplyKitPreconditionFailedError } from '../../lib/errors.js'
import { formatHttpDate } from '../../lib/http-date.js'
import { multipartBody, planRanges } from '../../lib/multipart-ranges.js'
import { exactLength } from '../../lib/file-stream.js'
import { evaluatePreconditions } from '../../lib/preconditions.js'
import { contentRange, ifRangeHolds } from '../../lib/range.js'
import type { Source } from './file-sources.js'

export interface Presentation {
  /** Content-Type of the content. */
  contentType: string
  /** Content-Disposition. */
  disposition: string
  /** Cache-Control to send (the download default), or undefined to leave it to the route. */
  cacheControl: string | undefined
  /** What the 412 message names. */
  name: string
}

/** Sends `source` as a download, answering the request's preconditions and Range. */
export async function sendSource (reply: FastifyReply, source: Source, presentation: Presentation): Promise<void> {
  const request = reply.request.raw
  const method = request.method as string
  const validators: Record<string, string> = {}
  if (source.etag !== undefined) validators.etag = source.etag
  if (source.lastModified !== undefined) validators['last-modified'] = formatHttpDate(source.lastModified)
  if (presentation.cacheControl !== undefined) validators['cache-control'] = presentation.cacheControl

  const outcome = evaluatePreconditions(method, request.headers, source)
  if (outcome !== 'proceed') {
    source.discard()
    if (outcome === 'precondition-failed') {
      reply.send(new ReplyKitPreconditionFailedError(presentation.name, 'the file does not match If-Match or was modified since If-Unmodified-Since'))
      return
    }
    // RFC 9110 section 15.4.5: Cache-Control, ETag (Last-Modified only when there is no ETag), no content headers.
    if (source.etag !== undefined) delete validators['last-modified']
    // On HEAD an empty stream: Fastify's HEAD hook gives any other payload a Content-Length: 0.
    reply.code(304).headers(validators).send(method === 'HEAD' ? Readable.from([]) : undefined)
    return
  }

  const size = source.size
  const headers: Record<string, string | number> = {
    ...validators,
    'accept-ranges': size === undefined ? 'none' : 'bytes',
    'content-type': presentation.contentType,
    'content-disposition': presentation.disposition,
    'x-content-type-options': 'nosniff',
  }
  if (size !== undefined) headers['content-length'] = size
  if (method === 'HEAD') {
    source.discard()
    // An empty stream, not `undefined`: Fastify's automatic HEAD route sets Content-Length: 0 for
    // an undefined payload, and the length of the content is what HEAD is asked for.
    reply.headers(headers).send(Readable.from([]))
    return
  }

  // Range is defined for GET only, and needs the size; a failed If-Range means a stale copy.
  const range = request.headers.range
  const ifRange = request.headers['if-range'] as string | undefined
  const plan = range === undefined || size === undefined || (ifRange !== undefined && !ifRangeHolds(ifRange, { etag: source.etag, lastModified: validators['last-modified'] }))
    ? { kind: 'whole' as const }
    : planRanges(range, size, presentation.contentType)
  if (plan.kind === 'unsatisfiable') {
    source.discard()
    reply.code(416).header('content-range', contentRange(size as number)).send()
    return
  }
  if (plan.kind === 'single') {
    const length = plan.range.end - plan.range.start + 1
    headers['content-range'] = contentRange(size as number, plan.range)
    headers['content-length'] = length
    const chunks = await source.ranges([plan.range])
    // A file's own read stream is bounded by its range already; other sources are counted.
    reply.code(206).headers(headers).send(chunks instanceof Readable ? chunks : Readable.from(exactLength(chunks, length), { objectMode: false }))
    return
  }
  if (plan.kind === 'multipart') {
    const { plan: multipart } = plan
    headers['content-type'] = multipart.contentType
    headers['content-length'] = multipart.length
    const chunks = await source.ranges(multipart.parts.map(part => part.range))
    reply.code(206).headers(headers).send(Readable.from(multipartBody(multipart, chunks), { objectMode: false }))
    return
  }
  const body = await source.whole()
  // A file that shrank since its stat is sent as it is now, with its own length.
  if (Buffer.isBuffer(body)) headers['content-length'] = body.length
  reply.code(200).headers(headers).send(body)
}
