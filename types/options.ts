// The public option and value types of ../shared/spec/API.md, one place for every plugin.
// lib/ and plugins/ import these types; nothing here runs.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { TObject, TSchema } from '@sinclair/typebox'
import type { CookieSerializeOptions } from '@fastify/cookie'

// ---- cacheControl ----
/** Seconds, or a number with a unit: '90s' '5m' '1h' '7d' '2w' '1y'. */
export type Duration = number | `${number}${'s' | 'm' | 'h' | 'd' | 'w' | 'y'}`
/** A preset name, or a raw Cache-Control value such as 'public, max-age=60'. */
export type CachePolicyInput = string | CachePolicy
export interface CdnCachePolicy {
  maxAge?: Duration
  sMaxAge?: Duration
  staleWhileRevalidate?: Duration
  staleIfError?: Duration
  noStore?: boolean
}
export interface CachePolicy {
  preset?: string
  public?: boolean
  private?: boolean
  maxAge?: Duration
  sMaxAge?: Duration
  noCache?: boolean
  noStore?: boolean
  noTransform?: boolean
  mustRevalidate?: boolean
  proxyRevalidate?: boolean
  mustUnderstand?: boolean
  immutable?: boolean
  staleWhileRevalidate?: Duration
  staleIfError?: Duration
  /** CDN-Cache-Control (RFC 9213). */
  cdn?: CdnCachePolicy
  /** Merged into Vary, no duplicates. */
  vary?: string[]
  /** Weak ETag on the body, 304 on a matching If-None-Match. */
  etag?: boolean
}
export interface CacheControlOptions {
  presets?: Record<string, CachePolicy>
  default?: CachePolicyInput
  errors?: CachePolicyInput | false
  cookies?: 'downgrade' | 'off'
  authorization?: 'downgrade' | 'off'
}

// ---- secureCookies ----
export type CookieOptions = Omit<CookieSerializeOptions, 'secure' | 'encode'> & {
  secure?: boolean | 'auto'
  signed?: boolean
}
export interface SecureCookiesOptions {
  secret?: string | string[] | Buffer
  defaults?: CookieOptions
  cookies?: Record<string, CookieOptions>
  onlyDeclared?: boolean
}

// ---- replyHelpers ----
export interface ReplyHelpersOptions {
  root?: string
  redirects?: { allowedOrigins?: string[], fallback?: string }
  csv?: { bom?: boolean, formulaEscape?: boolean }
}
export type StreamChunk = string | Uint8Array
export type StreamSource =
  | AsyncIterable<StreamChunk>
  | Iterable<StreamChunk>
  | NodeJS.ReadableStream
  | ReadableStream
  | ((signal: AbortSignal) => AsyncIterable<StreamChunk>)
export type Row = object | unknown[]
export type RowSource =
  | AsyncIterable<Row>
  | Iterable<Row>
  | ((signal: AbortSignal) => AsyncIterable<Row>)
export interface FileOptions { filename?: string, mediaType?: string, inline?: boolean, root?: string }
export interface AttachmentOptions { inline?: boolean }
export interface StreamOptions { mediaType?: string, filename?: string }
export type CsvColumn = string | { key: string, header: string }
export interface CsvOptions {
  schema?: TObject
  columns?: CsvColumn[]
  filename?: string
  header?: boolean
  bom?: boolean
  formulaEscape?: boolean
  delimiter?: string
}
export interface NdjsonOptions { schema?: TSchema, filename?: string }
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
  schema?: TSchema
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
  mode?: 'strict' | 'warn' | 'off'
  requireSchema?: boolean
  sensitive?: Array<string | RegExp>
  onBypass?: 'filter' | 'error'
}
export type RouteGuardConfig = false | { sensitive?: Array<string | RegExp> }
export interface ResponsePolicy {
  method: string
  url: string
  cache?: string
  schema: 'filtered' | 'missing' | 'open' | 'exempt'
  findings: string[]
}

// ---- routeHeaders ----
// Params are a record (strings, or what the route's schema coerced them to; config is not tied to
// the route's types), so the contract's `(req) => String(req.params.id)` type-checks.
export type HeaderFunction = (request: FastifyRequest<{ Params: Record<string, unknown> }>, reply: FastifyReply) => string | undefined
export type HeaderValue = string | HeaderFunction
export interface RouteHeadersOptions {
  headers?: Record<string, HeaderValue>
  timing?: false | 'server-timing' | 'x-response-time'
}

// ---- replyKit ----
export interface ReplyKitOptions {
  cache?: CacheControlOptions | false
  cookies?: SecureCookiesOptions | false
  helpers?: ReplyHelpersOptions | false
  guard?: ResponseGuardOptions | false
  context?: Record<string, never> | false
  headers?: RouteHeadersOptions | false
}
