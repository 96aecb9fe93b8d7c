// reply.file and reply.attachment: downloads of a file, of bytes in memory or of a stream, with the
// path checks, headers and cache default the suite asks for. The answer itself (preconditions,
// HEAD, Range, multipart) is plugins/reply-helpers/file-response.ts, the same for every source.
// Called by the replyHelpers plugin (plugins/reply-helpers.ts) with its validated options.
import { realpathSync, statSync } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { buildContentDisposition } from '../../lib/content-disposition.js'
import { contentEtagCache } from '../../lib/content-etag.js'
import { ReplyKitBadOptionError } from '../../lib/errors.js'
import { fileErrorOf, refusalError, resolveFilePath } from '../../lib/file-path.js'
import { toSeconds } from '../../lib/http-date.js'
import { mediaTypeOf, withCharset } from '../../lib/media-type.js'
import type { AttachmentOptions, FileOptions, FileSource, ReplyHelpersOptions } from '../../types/options.js'
import { sendSource } from './file-response.js'
import { diskSource, memorySource, streamSource, type EtagMode, type Source, type StreamInput } from './file-sources.js'
import { recordOfRequest, routeRecord } from '../suite/route-record.js'
import '../../types/fastify.js'

// A media type: `type/subtype` and parameters, no control characters.
const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;[\x20-\x7e]*)?$/
const NO_CACHE_POLICY = 'private, no-cache'
// Per-call roots are usually a handful of constant folders; their real paths are kept.
const MAX_CACHED_ROOTS = 64

interface FileSettings {
  defaultRoot: string | undefined
  roots: Map<string, string>
  etag: EtagMode
  contentEtags: ReturnType<typeof contentEtagCache>
  /** Routes already warned that they call reply.file without a root. */
  rootlessWarned: Set<string>
}

/** Decorates `reply.file` and `reply.attachment`. `options.root`, when set, must be a folder. */
export function registerFileHelpers (fastify: FastifyInstance, options: ReplyHelpersOptions, etag: EtagMode = 'size-mtime'): void {
  const settings: FileSettings = {
    defaultRoot: options.root === undefined ? undefined : realFolderSync(options.root),
    roots: new Map(),
    etag,
    contentEtags: contentEtagCache(),
    rootlessWarned: new Set(),
  }

  // Every route gets its record, so a route that answers through a helper can say so at run time.
  fastify.addHook('onRoute', (routeOptions) => { routeRecord(fastify, routeOptions) })

  fastify.decorateReply('file', function file (this: FastifyReply, source: FileSource, fileOptions: FileOptions = {}) {
    markHelper(this, 'file')
    sendFile(this, source, fileOptions, settings)
      .catch((err: unknown) => this.send(fileErrorOf(err, typeof source === 'string' ? source : 'the content')))
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

function dispositionOf (filename: string | undefined, inline: boolean): string {
  if (filename === undefined) return inline ? 'inline' : 'attachment'
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
  const record = recordOfRequest(reply.request)
  if (record !== undefined) record.helper = helper
}

function routeName (request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url}`
}

/** Whether `value` is one of the request's own values (a param, a query or top-level body field). */
function isRequestValue (request: FastifyRequest, value: string): boolean {
  for (const bag of [request.params, request.query, request.body]) {
    if (bag === null || typeof bag !== 'object') continue
    for (const item of Object.values(bag as Record<string, unknown>)) {
      if (item === value || (Array.isArray(item) && item.includes(value))) return true
    }
  }
  return false
}

/** Checks the options of one call; a bad one is FST_REPLYKIT_BAD_OPTION naming it. */
function checkFileOptions (options: FileOptions): void {
  if (options.filename !== undefined && typeof options.filename !== 'string') {
    throw new ReplyKitBadOptionError('file filename', 'must be a string')
  }
  if (options.mediaType !== undefined && (typeof options.mediaType !== 'string' || !MEDIA_TYPE.test(options.mediaType))) {
    throw new ReplyKitBadOptionError('file mediaType', `${JSON.stringify(options.mediaType)} is not a media type`)
  }
  if (options.size !== undefined && !(Number.isSafeInteger(options.size) && options.size >= 0)) {
    throw new ReplyKitBadOptionError('file size', `must be a whole number of bytes, got ${JSON.stringify(options.size)}`)
  }
  if (options.lastModified !== undefined && !(options.lastModified instanceof Date && Number.isFinite(options.lastModified.getTime()))) {
    throw new ReplyKitBadOptionError('file lastModified', `must be a valid Date, got ${JSON.stringify(options.lastModified)}`)
  }
  if (options.etag !== undefined && options.etag !== 'size-mtime' && options.etag !== 'content') {
    throw new ReplyKitBadOptionError('file etag', `must be 'size-mtime' or 'content', got ${JSON.stringify(options.etag)}`)
  }
}

/** The source of a path: refused paths, the root, the warning for a route without one. */
async function pathSource (reply: FastifyReply, requested: string, options: FileOptions, settings: FileSettings, mode: EtagMode): Promise<Source> {
  const root = options.root === undefined ? settings.defaultRoot : await realFolder(options.root, settings.roots)
  const request = reply.request
  if (root === undefined) {
    const route = routeName(request)
    if (!settings.rootlessWarned.has(route)) {
      settings.rootlessWarned.add(route)
      request.log.warn({ route }, `replyHelpers: ${route}: reply.file() is called without a root, so paths resolve from the working directory; ` +
        'set the `root` option of replyHelpers (or of the call) to keep request paths inside one folder (logged once per route)')
    }
  }
  const resolved = resolveFilePath(requested, root, root === undefined && isRequestValue(request, requested))
  if ('refused' in resolved) throw refusalError(resolved.refused, requested)
  return diskSource(resolved.path, mode, settings.contentEtags)
}

async function sendFile (reply: FastifyReply, input: FileSource, options: FileOptions, settings: FileSettings): Promise<void> {
  checkFileOptions(options)
  const mode = options.etag ?? settings.etag
  const lastModified = options.lastModified === undefined ? undefined : toSeconds(options.lastModified.getTime())
  let source: Source
  let ownName: string | undefined
  if (typeof input === 'string') {
    source = await pathSource(reply, input, options, settings, mode)
    ownName = basename(input)
  } else if (input instanceof Uint8Array) {
    source = memorySource(input, mode, lastModified)
  } else if (input !== null && typeof input === 'object' && Symbol.asyncIterator in input) {
    // A stream can be read once: hashing it first would mean holding it all in memory.
    if (options.etag === 'content') {
      throw new ReplyKitBadOptionError('file etag', "'content' needs the bytes before sending: pass a Buffer, or give a stream no etag option")
    }
    source = streamSource(input as unknown as StreamInput, options.size, lastModified)
  } else {
    throw new ReplyKitBadOptionError('file source', 'must be a path, a Buffer or Uint8Array, or a readable stream')
  }
  const filename = options.filename ?? ownName
  const noPolicy = recordOfRequest(reply.request)?.cache === undefined && !reply.hasHeader('cache-control')
  await sendSource(reply, source, {
    contentType: options.mediaType !== undefined
      ? withCharset(options.mediaType)
      : (reply.getHeader('content-type') as string | undefined) ?? mediaTypeOf(filename ?? ''),
    disposition: dispositionOf(filename, options.inline === true),
    cacheControl: noPolicy ? NO_CACHE_POLICY : undefined,
    name: `${routeName(reply.request)} (${typeof input === 'string' ? input : 'content'})`,
  })
}
