// The guard's handling of bodies that did not come from its own serialization: telling JSON from
// text, reading a stream to its end, dropping one that will not be sent.
import { Readable } from 'node:stream'
import { brotliCompressSync, brotliDecompressSync, deflateSync, gzipSync, inflateSync, gunzipSync } from 'node:zlib'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { ServerResponse } from 'node:http'
import type { FastifyReply } from 'fastify'

/** Fastify's defaults for a string or Buffer sent without a type: a JSON text there is a bypass too. */
export const UNTYPED = new Set(['', 'text/plain', 'application/octet-stream'])
export const PARSE_OPTIONS = { protoAction: 'remove', constructorAction: 'remove' } as const

export function looksLikeJsonContainer (body: string | Buffer): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = typeof body === 'string' ? body.charCodeAt(i) : body[i]
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) continue
    return c === 0x7b || c === 0x5b // { or [
  }
  return false
}

export function isEncoded (reply: FastifyReply): boolean {
  const encoding = reply.getHeader('content-encoding')
  return encoding !== undefined && encoding !== 'identity'
}

/** Reads a Node or Web stream to its end; if the client goes away first, the stream is destroyed. */
export async function readStream (body: unknown, raw: ServerResponse): Promise<Buffer> {
  const source = typeof (body as Readable).pipe === 'function' ? body as Readable : Readable.fromWeb(body as WebReadableStream)
  const abort = (): void => { source.destroy() }
  raw.once('close', abort)
  try {
    const chunks: Buffer[] = []
    for await (const chunk of source) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    return Buffer.concat(chunks)
  } finally {
    raw.removeListener('close', abort)
  }
}

export function discard (payload: unknown): void {
  const body = payload as { destroy?: () => void, cancel?: () => Promise<void> }
  if (typeof body.destroy === 'function') body.destroy()
  else if (typeof body.cancel === 'function') body.cancel().catch(() => {})
}

type Codec = [(body: Buffer) => Buffer, (body: Buffer) => Buffer]
const CODECS: Record<string, Codec> = {
  gzip: [gunzipSync, gzipSync],
  deflate: [inflateSync, deflateSync],
  br: [brotliDecompressSync, brotliCompressSync],
}

/**
 * The decode and encode of a Content-Encoding a compression plugin applied before the guard saw the
 * body (@fastify/compress registered before the suite), or undefined for one it cannot undo.
 */
export function codecOf (reply: FastifyReply): Codec | undefined {
  const encoding = reply.getHeader('content-encoding')
  return typeof encoding === 'string' ? CODECS[encoding.toLowerCase()] : undefined
}
