// The public option and value types of ../shared/spec/API.md, one place for every plugin.
// lib/ and plugins/ import these types; nothing here runs.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CachePolicyShape } from '../lib/cache-policy.js'
import type { CookieOptions } from '../lib/cookie-options.js'
import type { CsvColumn, ObjectSchema } from '../lib/csv-columns.js'
export type { Duration } from '../lib/duration.js'
export type { CdnCachePolicy } from '../lib/cache-policy.js'
export type { CookieOptions, CsvColumn, ObjectSchema }

// ---- cacheControl ----
/** The presets every app has (the table of the contract). */
export type BuiltInPresetName = 'public' | 'private' | 'no-store' | 'revalidate' | 'immutable'
/**
 * A preset name: the built-in ones and the app's own (declared for completion with
 * `declare module 'fastify' { interface ReplyKitCachePresets { 'cdn-short': true } }`), or any
 * string (checked when the route is added).
 */
export type PresetName = BuiltInPresetName | Extract<keyof import('fastify').ReplyKitCachePresets, string> | (string & {})
/** A preset name, or a raw Cache-Control value such as 'public, max-age=60'. */
export type CachePolicyInput = PresetName | CachePolicy
/** A cache policy: Cache-Control directives and the suite's `preset`, `cdn`, `vary`, `etag` and `validate` (fields documented in lib/cache-policy.ts). */
export interface CachePolicy extends CachePolicyShape<PresetName, ValidateFunction> {}
/** The validators of a representation: an entity-tag (`'"v42"'`, `'W/"v42"'`) and a modification time. */
export type Validators = { etag?: string, lastModified?: Date | number | string }
/** `validate` of a cache policy: the current validators, null or undefined when the resource does not exist. */
export type ValidateFunction = (request: FastifyRequest) => Validators | null | undefined | Promise<Validators | null | undefined>
export interface CacheControlOptions {
  /** The app's own named policies, beside the built-in presets; usable as `config: { cache: 'name' }`. @default `{}` */
  presets?: Record<string, CachePolicy>
  /** The policy of every route without `config.cache` (then every route gets the hook). @default none: routes without a policy get no header */
  default?: CachePolicyInput
  /** The policy of every answer of 400 and above in the plugin's scope; `false` leaves them alone. @default `'no-store'` */
  errors?: CachePolicyInput | false
  /** A shared-cacheable answer that sets a cookie becomes `private` ('downgrade') or is left alone ('off'). @default `'downgrade'` */
  cookies?: 'downgrade' | 'off'
  /** A shared-cacheable answer to a request with Authorization becomes `private` ('downgrade') or is left alone ('off'). @default `'downgrade'` */
  authorization?: 'downgrade' | 'off'
}

// ---- secureCookies ----
/** One key of the encryption key ring: `id` (1-32 of A-Z a-z 0-9 _ -) travels in the sealed value. */
export interface CookieKey { id: string, key: string | Buffer }
export interface SecureCookiesOptions {
  /** Signing secret of @fastify/cookie (registered with it when the app has not); an array rotates: the first signs, all verify. @default none: signed cookies are refused */
  secret?: string | string[] | Buffer
  /** Attributes every cookie starts from, over the secure defaults. @default `{ path: '/', httpOnly: true, secure: true, sameSite: 'lax' }` */
  defaults?: CookieOptions
  /** Declared cookies by name: their attributes, used by setCookie and clearCookie alike. @default `{}` */
  cookies?: Record<string, CookieOptions>
  /** Setting or clearing a cookie that is not declared throws FST_REPLYKIT_COOKIE_UNDECLARED. @default `false` */
  onlyDeclared?: boolean
  /** Encryption key ring: the first key seals, every key opens. Each needs 256 bits of entropy. @default none: encrypted cookies are refused */
  keys?: CookieKey[]
  /** Set-Cookie lines not written by setCookie: fixed and checked ('secure'), a 500 on a breach ('strict'), or left alone ('off'). @default `'secure'` */
  rawCookies?: 'secure' | 'strict' | 'off'
}
/** One entry of `reply.outgoingCookies()`. */
export interface OutgoingCookie { name: string, value: string, cleared: boolean, options: CookieOptions }
export type ClearSiteDataType = 'cookies' | 'storage' | 'cache' | '*'

// ---- replyHelpers ----
export interface ReplyHelpersOptions {
  /** The folder reply.file resolves relative paths in, and never leaves. @default none: paths are taken as given, traversal refused, a warning per route */
  root?: string
  /** safeRedirect: the other origins it may send to, and where an unsafe target goes instead. @default `{ allowedOrigins: [] }` and no fallback: same-origin paths only, an unsafe target answers 400 FST_REPLYKIT_UNSAFE_REDIRECT */
  redirects?: { allowedOrigins?: string[], fallback?: string }
  /** reply.csv: a UTF-8 byte order mark first (for Excel), and cells starting with = + - @, a tab or a carriage return prefixed with a quote. @default `{ bom: false, formulaEscape: true }` */
  csv?: { bom?: boolean, formulaEscape?: boolean }
  /** The ETag of reply.file: 'size-mtime' or 'content' (a strong hash of the bytes, the same on every server). @default `'size-mtime'` */
  etag?: FileEtag
}
export type FileEtag = 'size-mtime' | 'content'
/** What reply.file sends: a path, bytes in memory, or a readable stream (Node or Web). */
export type FileSource = string | Buffer | Uint8Array | NodeJS.ReadableStream | ReadableStream
export type StreamChunk = string | Uint8Array
export type StreamSource =
  | AsyncIterable<StreamChunk>
  | Iterable<StreamChunk>
  | NodeJS.ReadableStream
  | ReadableStream
  | ((signal: AbortSignal) => AsyncIterable<StreamChunk> | Iterable<StreamChunk>)
export type Row = object | unknown[]
export type RowSource =
  | AsyncIterable<Row>
  | Iterable<Row>
  | ((signal: AbortSignal) => AsyncIterable<Row> | Iterable<Row>)
export interface FileOptions {
  filename?: string
  mediaType?: string
  inline?: boolean
  root?: string
  /** For a stream: its length, which enables Content-Length and Range. */
  size?: number
  /** For a Buffer or stream: the modification time (Last-Modified, If-Modified-Since). */
  lastModified?: Date
  /** Default: the replyHelpers option `etag`, else 'size-mtime'. */
  etag?: FileEtag
}
export interface AttachmentOptions { inline?: boolean }
export interface StreamOptions { mediaType?: string, filename?: string }
/**
 * A JSON Schema object: a TypeBox schema (from `@sinclair/typebox` 0.34, as with
 * @fastify/type-provider-typebox 5, or from `typebox` 1.x, as with its 6.x) or a plain one. Typed by
 * shape, not by a TypeBox brand, so schemas of either TypeBox line fit.
 */
export type JsonSchemaObject = object
export interface CsvOptions {
  /** Only its properties become columns, in its order. */
  schema?: ObjectSchema
  columns?: CsvColumn[]
  filename?: string
  header?: boolean
  bom?: boolean
  formulaEscape?: boolean
  delimiter?: string
  /** Shown in the browser, not downloaded: no Content-Disposition (nor default filename, nor download cache default). */
  inline?: boolean
}
export interface NdjsonOptions {
  /** Each row is serialized through it: undeclared fields never leave. */
  schema?: JsonSchemaObject
  filename?: string
  /** Shown in the browser, not downloaded: no Content-Disposition (nor default filename, nor download cache default). */
  inline?: boolean
}
export type RedirectStatus = 301 | 302 | 303 | 307 | 308
/** One Server-Sent Event; an EventSource dispatches only events with data. */
export interface SseEvent { data?: unknown, event?: string, id?: string, retry?: number, comment?: string }
/** A string is one event's data. */
export type SseItem = string | SseEvent
export type SseSource =
  | AsyncIterable<SseItem>
  | Iterable<SseItem>
  | ((context: { signal: AbortSignal, lastEventId: string | undefined }) => AsyncIterable<SseItem> | Iterable<SseItem>)
export interface SseOptions {
  /** Each event's data is serialized through it; undeclared fields never leave. */
  schema?: JsonSchemaObject
  /** ms of silence before a comment line is sent; default 15000; 0 turns it off. */
  heartbeat?: number
  /** A `retry:` field sent once at the start. */
  retry?: number
  /** ms without write progress before the connection is closed; default 30000. */
  writeTimeout?: number
  /** Sent to open streams on app.close(); default { event: 'close', data: 'close' }; false for none. */
  close?: SseEvent | false
}

// ---- responseGuard ----
export interface ResponseGuardOptions {
  /** Findings at start-up fail `app.ready()` ('strict'), are logged once each ('warn'), or the guard does nothing ('off'). @default `'warn'` */
  mode?: 'strict' | 'warn' | 'off'
  /** A JSON route without a 2xx response schema is a finding. @default `true` */
  requireSchema?: boolean
  /** Property names treated as secret (matched ignoring case, spaces and punctuation): a schema declaring one is a finding, and an open part of a schema never lets one through. @default `['password', 'secret', 'token', 'hash', 'api key', 'private key']` */
  sensitive?: Array<string | RegExp>
  /** A body that went around the schema is filtered through it ('filter') or answered 500 FST_REPLYKIT_SCHEMA_BYPASS ('error'). @default `'filter'` */
  onBypass?: 'filter' | 'error'
}
export type RouteGuardConfig = false | { sensitive?: Array<string | RegExp> }
export interface ResponsePolicy {
  method: string
  url: string
  /** cacheControl: the route's Cache-Control ('' when computed per request); absent without a policy. */
  cache?: string
  /** secureCookies: the declared cookies the route may set or clear (`config: { cookies }`). */
  cookies?: string[]
  schema: 'filtered' | 'missing' | 'open' | 'exempt'
  findings: string[]
}

// ---- routeHeaders ----
/**
 * A header computed per response. Fastify's `config` is not tied to the route's generics, so an
 * unannotated `(req) => ...` sees `params` as a record (strings, or what the route's schema coerced
 * them to). Annotate the request with the route's own type to get its typed params:
 * `(req: FastifyRequest<{ Params: Static<typeof PostParams> }>) => String(req.params.id)`. The
 * method form below is what lets such a narrower request type be accepted.
 */
export type HeaderFunction = {
  header (request: FastifyRequest<{ Params: Record<string, unknown> }>, reply: FastifyReply): string | undefined
}['header']
export type HeaderValue = string | HeaderFunction
export interface RouteHeadersOptions {
  /** Headers of every answer in the plugin's scope (404s and errors too): a value, or a function of the request. @default `{}` */
  headers?: Record<string, HeaderValue>
  /** The time spent in the app as a header: `server-timing: app;dur=...` or `x-response-time`. @default `false` */
  timing?: false | 'server-timing' | 'x-response-time'
}

// ---- replyKit ----
export interface ReplyKitOptions {
  /** cacheControl's options; `false` leaves it out. @default `{}` */
  cache?: CacheControlOptions | false
  /** secureCookies' options; `false` leaves it out. @default `{}` */
  cookies?: SecureCookiesOptions | false
  /** replyHelpers' options; `false` leaves it out. @default `{}` */
  helpers?: ReplyHelpersOptions | false
  /** responseGuard's options; `false` leaves it out. @default `{}` */
  guard?: ResponseGuardOptions | false
  /** replyContext (no options); `false` leaves it out, and its cost per request with it. @default `{}` */
  context?: Record<string, never> | false
  /** routeHeaders' options; `false` leaves it out. @default `{}` */
  headers?: RouteHeadersOptions | false
}
