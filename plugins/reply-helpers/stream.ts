// reply.stream, reply.csv and reply.ndjson: a source opened once, pulled only as fast as the
// client reads, stopped when the client leaves, and handed to Fastify as a Readable. Fastify then
// turns an error before the first byte into a normal error reply and aborts the connection after it.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { Readable } from 'node:stream'
import type { CsvOptions, NdjsonOptions, StreamOptions } from '../../types/options.js'
import { ReplyKitBadOptionError, ReplyKitBadStreamSourceError, ReplyKitHeadersSentError } from '../../lib/errors.js'
import { openSource, type OpenedSource } from '../../lib/stream-source.js'
import { sourceReadable } from '../../lib/source-readable.js'
import { primableSource } from '../../lib/source-prime.js'
import { createCsvEncoder } from '../../lib/csv.js'
import { columnsFromRow, csvColumns, type ResolvedColumn } from '../../lib/csv-columns.js'
import { ndjsonSerializer } from '../../lib/ndjson.js'
import { defaultDownloadName } from '../../lib/download-name.js'
import { withCharset } from '../../lib/media-type.js'
import { recordOfRequest } from '../suite/route-record.js'
import '../../types/fastify.js'

/** Rows are joined into writes of about this many characters. */
const BATCH = 64 * 1024
// eslint-disable-next-line no-control-regex
const BAD_MEDIA_TYPE = /[\u0000-\u001f\u007f]/

const DOWNLOAD_CACHE_POLICY = 'private, no-cache'

interface ExportOptions extends StreamOptions { inline?: boolean }
export interface StreamSettings { bom: boolean, formulaEscape: boolean }

export function registerStreamHelpers (fastify: FastifyInstance, settings: StreamSettings): void {
  fastify.decorateReply('stream', function (this: FastifyReply, source: unknown, options: StreamOptions = {}) {
    return sendSource(this, 'stream', source, options, 'application/octet-stream', (opened, onCloseError, onStart) =>
      sourceReadable(opened, { encode: streamChunk, onCloseError, onStart }))
  })
  fastify.decorateReply('csv', function (this: FastifyReply, rows: unknown, options: CsvOptions | null = {}) {
    const csvOptions = options ?? {}
    return sendSource(this, 'csv', rows, exportOptions(this, csvOptions, 'text/csv; charset=utf-8', 'csv'), undefined, (opened, onCloseError, onStart) =>
      csvReadable(opened, csvOptions, settings, onCloseError, onStart))
  })
  fastify.decorateReply('ndjson', function (this: FastifyReply, rows: unknown, options: NdjsonOptions | null = {}) {
    const ndjsonOptions = options ?? {}
    return sendSource(this, 'ndjson', rows, exportOptions(this, ndjsonOptions, 'application/x-ndjson', 'ndjson'), undefined, (opened, onCloseError, onStart) =>
      sourceReadable(opened, { encode: ndjsonSerializer(ndjsonOptions.schema), batchSize: BATCH, onCloseError, onStart }))
  })
}

/**
 * An export is a download unless `inline: true`: without a filename it gets the route's (see
 * lib/download-name.ts), so Content-Disposition, nosniff and the download cache default always come.
 */
function exportOptions (reply: FastifyReply, options: { filename?: string, inline?: boolean }, mediaType: string, extension: string): ExportOptions {
  const inline = options.inline === true
  const filename = options.filename ?? (inline ? undefined : defaultDownloadName(reply.request.routeOptions.url, extension))
  return { mediaType, filename, inline }
}

function sendSource (reply: FastifyReply, helper: string, source: unknown, options: StreamOptions, defaultType: string | undefined,
  build: (opened: OpenedSource<unknown>, onCloseError: (error: unknown) => void, onStart: () => void) => Readable): FastifyReply {
  let opened: OpenedSource<unknown>
  try {
    if (options === null || typeof options !== 'object') throw new ReplyKitBadOptionError(`reply.${helper} options`, 'must be an object')
    const { mediaType, filename } = options
    if (mediaType !== undefined) {
      if (typeof mediaType !== 'string' || mediaType === '' || BAD_MEDIA_TYPE.test(mediaType)) {
        throw new ReplyKitBadOptionError(`reply.${helper} mediaType`, `must be a media type, got ${JSON.stringify(mediaType)}`)
      }
      reply.type(withCharset(mediaType))
    }
    // One place for Content-Disposition and nosniff: the attachment helper.
    const inline = (options as ExportOptions).inline === true
    if (filename !== undefined) reply.attachment(filename, { inline })
    if (filename !== undefined || inline) downloadDefaults(reply, inline)
    if (reply.getHeader('content-type') === undefined && defaultType !== undefined) reply.type(defaultType)
    const record = recordOfRequest(reply.request)
    if (record !== undefined) record.helper = helper
    if (reply.request.method === 'HEAD') {
      // Fastify's HEAD handling would drain a stream body to its end: never start the source.
      if (typeof source !== 'function') openSource(source).close().catch(error => logCloseError(reply, error))
      return reply.send(Readable.from([]))
    }
    opened = openSource(source, `reply.${helper} source`)
  } catch (error) {
    // A bad option or source: a normal error reply, not a download.
    reply.removeHeader('content-disposition')
    return reply.send(error)
  }
  // It answers every failure itself (an error reply, or a cut connection after the first byte).
  sendPrimed(reply, opened, build).catch(reply.send.bind(reply))
  return reply
}

/**
 * Sends the source once its first item is there: headers and cookies its code set before that item
 * are on the response, and a failure there is a normal error reply (not a download). After the
 * first byte, a header set on the reply throws FST_REPLYKIT_HEADERS_SENT instead of being lost.
 */
async function sendPrimed (reply: FastifyReply, opened: OpenedSource<unknown>,
  build: (opened: OpenedSource<unknown>, onCloseError: (error: unknown) => void, onStart: () => void) => Readable): Promise<void> {
  const onCloseError = (error: unknown): void => { logCloseError(reply, error) }
  const source = primableSource(opened)
  const fail = (error: unknown): void => {
    opened.close().catch(onCloseError)
    reply.removeHeader('content-disposition')
    reply.send(error)
  }
  let body: Readable
  try {
    // Built first: a bad option (a CSV delimiter, columns) fails before the source starts.
    body = build(source, onCloseError, () => { lockHeaders(reply, body) })
  } catch (error) {
    fail(error)
    return
  }
  // The client may leave while the first item is on its way: the source stops (signal, finally).
  const leave = (): void => { opened.close().catch(onCloseError) }
  reply.raw.once('close', leave)
  try {
    await source.prime()
  } catch (error) {
    fail(error)
    return
  } finally {
    reply.raw.removeListener('close', leave)
  }
  if (reply.raw.destroyed) return
  body.once('error', (error) => {
    if (!reply.raw.headersSent) {
      // Fastify answers an error before the first byte with a normal error reply: that reply must
      // not keep the download's Content-Disposition.
      reply.removeHeader('content-disposition')
      reply.raw.removeHeader('content-disposition')
    } else if (reply.request.raw.httpVersionMajor === 2) {
      // HTTP/2: with an error the stream is reset with INTERNAL_ERROR, not NO_ERROR, so the client
      // cannot take the cut body for a whole one (HTTP/1 closes the connection either way).
      reply.raw.destroy(error)
    }
  })
  reply.send(body)
}

// What a source may no longer do once Fastify has handed the headers on: each would be lost, and
// @fastify/cookie's late setCookie would even take back the Set-Cookie lines already given.
const LOCKED_METHODS = ['header', 'headers', 'removeHeader', 'setCookie', 'cookie', 'clearCookie'] as const

/**
 * From the headers' departure until the body ends, setting a header or a cookie throws. Lifted on
 * an error first (its error reply, before the first byte, sets headers of its own) and at the end.
 */
function lockHeaders (reply: FastifyReply, body: Readable): void {
  const locked = reply as unknown as Record<string, unknown>
  for (const method of LOCKED_METHODS) {
    locked[method] = function headersSent (name: unknown): never {
      const header = method.endsWith('ookie') ? `set-cookie (cookie ${JSON.stringify(String(name))})` : JSON.stringify(typeof name === 'string' ? name : Object.keys(name as object).join(', '))
      throw new ReplyKitHeadersSentError(header)
    }
  }
  const unlock = (): void => {
    for (const method of LOCKED_METHODS) delete locked[method]
  }
  body.prependOnceListener('error', unlock)
  body.once('close', unlock)
}

/** Exports: nosniff even inline; a download without a route cache policy is `private, no-cache`, as reply.file. */
function downloadDefaults (reply: FastifyReply, inline: boolean): void {
  if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff')
  if (inline || reply.hasHeader('cache-control') || recordOfRequest(reply.request)?.cache !== undefined) return
  reply.header('cache-control', DOWNLOAD_CACHE_POLICY)
}

function logCloseError (reply: FastifyReply, error: unknown): void {
  reply.log.error({ err: error }, 'stream source failed while being stopped')
}

function streamChunk (chunk: unknown): string | Uint8Array {
  if (typeof chunk === 'string' || chunk instanceof Uint8Array) return chunk
  throw new ReplyKitBadStreamSourceError(`reply.stream chunks must be strings or Uint8Arrays, got ${chunk === null ? 'null' : typeof chunk}`)
}

function csvReadable (opened: OpenedSource<unknown>, options: CsvOptions, settings: StreamSettings,
  onCloseError: (error: unknown) => void, onStart: () => void): Readable {
  const encoder = createCsvEncoder({ delimiter: options.delimiter, formulaEscape: options.formulaEscape ?? settings.formulaEscape })
  let columns: ResolvedColumn[] | undefined = csvColumns(options)
  let keys: string[] | undefined
  let record: ((row: Record<string, unknown>) => string) | undefined
  const header = options.header ?? true
  const bom = options.bom ?? settings.bom
  return sourceReadable(opened, {
    batchSize: BATCH,
    onCloseError,
    onStart,
    prefix: (first) => {
      columns ??= columnsFromRow(first)
      keys = columns?.map(column => column.key)
      record = keys === undefined ? undefined : encoder.recordEncoder(keys)
      const start = bom ? '\uFEFF' : ''
      return header && columns !== undefined ? start + encoder.row(columns.map(column => column.header)) : start
    },
    encode: (row) => {
      if (typeof row === 'object' && row !== null && !Array.isArray(row)) {
        if (record === undefined) throw new ReplyKitBadStreamSourceError('CSV rows mix arrays and objects: give columns or a schema')
        return record(row as Record<string, unknown>)
      }
      if (Array.isArray(row)) return encoder.row(keys === undefined ? row : keys.map((_, index) => row[index]))
      throw new ReplyKitBadStreamSourceError(`a CSV row must be an object or an array, got ${row === null ? 'null' : typeof row}`)
    },
  })
}
