// The public option and value types of ../shared/spec/API.md, one place for every plugin.
// lib/ and plugins/ import these types; nothing here runs.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CookieSerializeOptions } from '@fastify/cookie'

// ---- cacheControl ----
/** Seconds, or a number with a unit: '90s' '5m' '1h' '7d' '2w' '1y'. */
export type Duration = number | `${number}${'s' | 'm' | 'h' | 'd' | 'w' | 'y'}`
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
export interface CdnCachePolicy {
  maxAge?: Duration
  sMaxAge?: Duration
  staleWhileRevalidate?: Duration
  staleIfError?: Duration
  noStore?: boolean
}
export interface CachePolicy {
  /** Start from this preset, then apply the fields below. */
  preset?: PresetName
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
/**
 * A JSON Schema object: a TypeBox schema (from `@sinclair/typebox` 0.34, as with
 * @fastify/type-provider-typebox 5, or from `typebox` 1.x, as with its 6.x) or a plain one. Typed by
 * shape, not by a TypeBox brand, so schemas of either TypeBox line fit.
 */
export type JsonSchemaObject = object
/** An object schema (`Type.Object({...})` of either TypeBox line, or a plain `{ type: 'object', properties }`). */
export interface ObjectSchema {
  readonly properties: object
  // The keywords a plain object schema is usually written with (an interface with an index
  // signature would refuse TypeBox's interfaces).
  readonly type?: unknown
  readonly required?: unknown
  readonly additionalProperties?: unknown
  readonly $id?: unknown
  readonly title?: unknown
  readonly description?: unknown
}
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
