// Declaration merging for every plugin of the suite. Imported for its side effect by each plugin
// (`import '../types/fastify.js'`), so the merged types reach users through the package's .d.ts.
import type {
  AttachmentOptions, CachePolicyInput, ClearSiteDataType, OutgoingCookie, CsvOptions, FileOptions, HeaderValue, NdjsonOptions,
  RedirectStatus, ResponsePolicy, RouteGuardConfig, RowSource, SseOptions, SseSource, StreamOptions, StreamSource,
  FileSource, Validators,
} from './options.js'

declare module 'fastify' {
  /**
   * cacheControl: the app's own preset names, for completion and checking of `cache: '...'` and
   * `preset: '...'`: `declare module 'fastify' { interface ReplyKitCachePresets { 'cdn-short': true } }`.
   */
  interface ReplyKitCachePresets {}

  interface FastifyContextConfig {
    /** cacheControl: a preset name, a raw Cache-Control value, or a policy. */
    cache?: CachePolicyInput
    /** responseGuard: `false` exempts the route; an object overrides the plugin's options. */
    guard?: RouteGuardConfig
    /** routeHeaders: headers declared for this route. */
    headers?: Record<string, HeaderValue>
    /** secureCookies: the declared cookies this route may set or clear (shown by responsePolicies() and OpenAPI). */
    cookies?: string[]
  }

  interface FastifyRequest {
    /** secureCookies: the plain value of an encrypted or signed cookie; undefined if tampered, expired, renamed or under an unknown key. */
    readCookie(name: string): string | undefined
  }

  interface FastifyReply {
    /** cacheControl: the cache policy of this response, overriding the route's. */
    cache(policy: CachePolicyInput): this
    /** cacheControl: answers 304 or 412 now when the request's preconditions say so (true: then `return reply`); else sends the validators as ETag / Last-Modified. */
    fresh(validators: Validators): boolean
    /** replyHelpers: send a file as a download (or inline). */
    file(source: FileSource, options?: FileOptions): this
    /** replyHelpers: set Content-Disposition (and Content-Type from the filename). */
    attachment(filename?: string, options?: AttachmentOptions): this
    /** replyHelpers: stream a body from an iterable, a Node or Web stream, or a signal-taking generator. */
    stream(source: StreamSource, options?: StreamOptions): this
    /** replyHelpers: stream rows as CSV (RFC 4180). */
    csv(rows: RowSource, options?: CsvOptions): this
    /** replyHelpers: stream rows as newline-delimited JSON. */
    ndjson(rows: RowSource, options?: NdjsonOptions): this
    /** replyHelpers: stream Server-Sent Events, each event's data filtered through `schema`. */
    sse(source: SseSource, options?: SseOptions): this
    /** replyHelpers: redirect to a relative path or an allowed origin only. */
    safeRedirect(url: string, status?: RedirectStatus): this
    /** replyHelpers: send HTML with charset. */
    html(markup: string, status?: number): this
    /** replyHelpers: send plain text with charset. */
    text(text: string, status?: number): this
    /** secureCookies: the cookies this response sets or clears so far (plain values, final options). */
    outgoingCookies(): OutgoingCookie[]
    /** secureCookies: `Clear-Site-Data` for logout routes; default `"cookies"`. */
    clearSiteData(types?: ClearSiteDataType[]): this
  }

  interface FastifyInstance {
    /** responseGuard: the per-route table of cache policy, schema status and findings. */
    responsePolicies(): ResponsePolicy[]
  }
}

// secureCookies: reply.setCookie is @fastify/cookie's decorator; its options gain `encrypted`.
declare module '@fastify/cookie' {
  interface CookieSerializeOptions {
    /** secureCookies: seal the value with AES-256-GCM (needs the `keys` option). */
    encrypted?: boolean
  }
}

export {}
