// reply.file and reply.attachment: downloads built on @fastify/send (stat, validators, conditional
// requests, HEAD), with the Range handling, path checks, headers and cache default the suite asks
// for. Called by the replyHelpers plugin (plugins/reply-helpers.ts) with its validated options.
import { createReadStream, realpathSync, statSync } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { send, type SendOptions } from '@fastify/send'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { buildContentDisposition } from '../lib/content-disposition.js'
import { ReplyKitBadOptionError, ReplyKitFileNotFoundError } from '../lib/errors.js'
import { fileErrorOf, refusalError, resolveFilePath } from '../lib/file-path.js'
import { readSmallFile, whenOpen } from '../lib/file-stream.js'
import { mediaTypeOf, withCharset } from '../lib/media-type.js'
import { contentRange, ifRangeHolds, parseRange } from '../lib/range.js'
import type { AttachmentOptions, FileOptions, ReplyHelpersOptions } from '../types/options.js'
import { recordOfConfig, routeRecord } from './route-record.js'
import '../types/fastify.js'

// send does the stat, the validators and the conditional requests (304, 412). Ranges are ours
// (lib/range.ts is strict where send is lenient), and so are Cache-Control and Content-Type.
const SEND_OPTIONS: SendOptions = {
  acceptRanges: false,
  cacheControl: false,
  contentType: false,
  dotfiles: 'allow', // dot segments are refused before send; the root's own path may have some
  index: false,
  etag: true,
  lastModified: true,
  // Called with the stat, before anything opens the file: a FIFO's open would block a thread of
  // the pool for good, a socket's fails; neither (nor a device) is a file to send.
  onFile: (_path, stats) => {
    if (!stats.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EFTYPE' })
  },
}
// A media type: `type/subtype` and parameters, no control characters.
const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;[\x20-\x7e]*)?$/
const NO_CACHE_POLICY = 'private, no-cache'
// Up to this size a file is read in one go and sent as a Buffer.
const SMALL_FILE = 64 * 1024
// Per-call roots are usually a handful of constant folders; their real paths are kept.
const MAX_CACHED_ROOTS = 64

/** Decorates `reply.file` and `reply.attachment`. `options.root`, when set, must be a folder. */
export function registerFileHelpers (fastify: FastifyInstance, options: ReplyHelpersOptions): void {
  const defaultRoot = options.root === undefined ? undefined : realFolderSync(options.root)
  const roots = new Map<string, string>()

  // Every route gets its record, so a route that answers through a helper can say so at run time.
  fastify.addHook('onRoute', (routeOptions) => { routeRecord(fastify, routeOptions) })

  fastify.decorateReply('file', function file (this: FastifyReply, path: string, fileOptions: FileOptions = {}) {
    markHelper(this, 'file')
    sendFile(this, path, fileOptions, defaultRoot, roots)
      .catch((err: unknown) => this.send(fileErrorOf(err, String(path))))
    return this
  })

  fastify.decorateReply('attachment', function attachment (this: FastifyReply, filename?: string, attachmentOptions: AttachmentOptions = {}) {
    if (filename !== undefined && typeof filename !== 'string') {
      throw new ReplyKitBadOptionError('attachment filename', 'must be a string')
    }
    markHelper(this, 'attachment')
    this.header('content-disposition', buildContentDisposition(filename, attachmentOptions))
    this.header('x-content-type-options', 'nosniff')
    if (filename !== undefined && !this.hasHeader('content-type')) this.type(mediaTypeOf(filename))
    return this
  })
}

/** The real path of a root folder, checked while the plugin registers. */
function realFolderSync (root: string): string {
  let real: string
  try {
    real = realpathSync(root)
  } catch {
    throw new ReplyKitBadOptionError('root', `"${root}" does not exist`)
  }
  if (!statSync(real).isDirectory()) throw new ReplyKitBadOptionError('root', `"${root}" is not a folder`)
  return real
}

/** The real path of a per-call root folder (kept for the next call). */
async function realFolder (root: string, roots: Map<string, string>): Promise<string> {
  const known = roots.get(root)
  if (known !== undefined) return known
  let real: string
  try {
    real = await realpath(root)
  } catch {
    throw new ReplyKitBadOptionError('root', `"${root}" does not exist`)
  }
  if (!(await stat(real)).isDirectory()) throw new ReplyKitBadOptionError('root', `"${root}" is not a folder`)
  if (roots.size >= MAX_CACHED_ROOTS) roots.clear()
  roots.set(root, real)
  return real
}

// The Content-Disposition of the names sent lately: the same few files are downloaded again and
// again, and building the header (cleaning, transliterating, quoting) is the costliest step in JS.
const dispositions = new Map<string, string>()
const MAX_CACHED_DISPOSITIONS = 1000

function dispositionOf (filename: string, inline: boolean): string {
  const key = (inline ? 'i' : 'a') + filename
  let value = dispositions.get(key)
  if (value === undefined) {
    value = buildContentDisposition(filename, { inline })
    if (dispositions.size >= MAX_CACHED_DISPOSITIONS) dispositions.clear()
    dispositions.set(key, value)
  }
  return value
}

function markHelper (reply: FastifyReply, helper: string): void {
  const record = recordOfConfig(reply.request.routeOptions.config)
  if (record !== undefined) record.helper = helper
}

async function sendFile (
  reply: FastifyReply, requested: string, options: FileOptions, defaultRoot: string | undefined, roots: Map<string, string>
): Promise<void> {
  if (typeof requested !== 'string') throw new ReplyKitBadOptionError('file path', 'must be a string')
  if (options.filename !== undefined && typeof options.filename !== 'string') {
    throw new ReplyKitBadOptionError('file filename', 'must be a string')
  }
  if (options.mediaType !== undefined && (typeof options.mediaType !== 'string' || !MEDIA_TYPE.test(options.mediaType))) {
    throw new ReplyKitBadOptionError('file mediaType', `${JSON.stringify(options.mediaType)} is not a media type`)
  }
  const root = options.root === undefined ? defaultRoot : await realFolder(options.root, roots)
  const resolved = resolveFilePath(requested, root)
  if ('refused' in resolved) throw refusalError(resolved.refused, requested)
  const path = resolved.path

  const request = reply.request.raw
  // send is asked as for a HEAD: it stats, computes the validators and answers 304/412, but opens
  // no file. The body is ours: a Buffer for a small file (one write, no stream machinery), a
  // stream for a range or a large file.
  const result = await send({ method: 'HEAD', headers: request.headers } as typeof request, path.replaceAll('%', '%25'), SEND_OPTIONS)

  if (result.type === 'error') {
    if (result.statusCode === 412) {
      reply.code(412).send()
      return
    }
    throw result.metadata.error
  }
  // A folder (send offers a redirect to it) is not a file to send either.
  if (result.type !== 'file') throw new ReplyKitFileNotFoundError(requested)

  const size = result.metadata.stat.size
  // size and mtime identify the bytes as well as nginx's and Apache's strong ETags do; a strong
  // ETag is what makes If-Range (strong comparison only) usable for resumed downloads.
  const etag = result.headers.ETag.replace(/^W\//, '')
  const lastModified = result.headers['Last-Modified'] as string
  const headers: Record<string, string | number> = { etag, 'last-modified': lastModified }
  if (recordOfConfig(reply.request.routeOptions.config)?.cache === undefined && !reply.hasHeader('cache-control')) {
    headers['cache-control'] = NO_CACHE_POLICY
  }
  if (result.statusCode === 304) {
    reply.headers(headers).code(304).send()
    return
  }

  const filename = options.filename ?? basename(requested)
  headers['accept-ranges'] = 'bytes'
  headers['content-type'] = options.mediaType !== undefined
    ? withCharset(options.mediaType)
    : (reply.getHeader('content-type') as string | undefined) ?? mediaTypeOf(filename)
  headers['content-disposition'] = dispositionOf(filename, options.inline === true)
  headers['x-content-type-options'] = 'nosniff'
  headers['content-length'] = size
  if (request.method === 'HEAD') {
    // send's empty stream, not `undefined`: Fastify's automatic HEAD route sets Content-Length: 0
    // for an undefined payload, and the length of the file is what HEAD is asked for.
    reply.headers(headers).send(result.stream)
    return
  }

  // Range is defined for GET only; a failed If-Range means the client's copy is stale.
  const range = request.headers.range
  const ifRange = request.headers['if-range'] as string | undefined
  const ranges = range === undefined || (ifRange !== undefined && !ifRangeHolds(ifRange, { etag, lastModified }))
    ? undefined
    : parseRange(range, size)
  if (ranges === 'unsatisfiable') {
    reply.code(416).header('content-range', contentRange(size)).send()
    return
  }
  // One range: 206. Several (after merging) or none: the whole file, never more bytes than it has.
  const single = ranges?.length === 1 ? ranges[0] : undefined
  if (single !== undefined) {
    headers['content-range'] = contentRange(size, single)
    headers['content-length'] = single.end - single.start + 1
    const stream = createReadStream(path, single)
    await whenOpen(stream)
    reply.code(206).headers(headers).send(stream)
    return
  }
  if (size <= SMALL_FILE) {
    const bytes = await readSmallFile(path, size)
    // A file that shrank since its stat is sent as it is now, with its own length.
    headers['content-length'] = bytes.length
    reply.code(200).headers(headers).send(bytes)
    return
  }
  // An explicit end: a file that grows while it is sent never gives more than Content-Length.
  const stream = createReadStream(path, { start: 0, end: size - 1 })
  await whenOpen(stream)
  reply.code(200).headers(headers).send(stream)
}
