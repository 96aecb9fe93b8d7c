// Declaration merging for every plugin of the suite. Imported for its side effect by each plugin
// (`import '../types/fastify.js'`), so the merged types reach users through the package's .d.ts.
import type {
  AttachmentOptions, CachePolicyInput, CsvOptions, FileOptions, HeaderValue, NdjsonOptions,
  RedirectStatus, ResponsePolicy, RouteGuardConfig, RowSource, SseOptions, SseSource, StreamOptions, StreamSource,
} from './options.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** cacheControl: a preset name, a raw Cache-Control value, or a policy. */
    cache?: CachePolicyInput
    /** responseGuard: `false` exempts the route; an object overrides the plugin's options. */
    guard?: RouteGuardConfig
    /** routeHeaders: headers declared for this route. */
    headers?: Record<string, HeaderValue>
  }

  interface FastifyReply {
    /** cacheControl: the cache policy of this response, overriding the route's. */
    cache(policy: CachePolicyInput): FastifyReply
    /** replyHelpers: send a file as a download (or inline). */
    file(path: string, options?: FileOptions): FastifyReply
    /** replyHelpers: set Content-Disposition (and Content-Type from the filename). */
    attachment(filename?: string, options?: AttachmentOptions): FastifyReply
    /** replyHelpers: stream a body from an iterable, a Node or Web stream, or a signal-taking generator. */
    stream(source: StreamSource, options?: StreamOptions): FastifyReply
    /** replyHelpers: stream rows as CSV (RFC 4180). */
    csv(rows: RowSource, options?: CsvOptions): FastifyReply
    /** replyHelpers: stream rows as newline-delimited JSON. */
    ndjson(rows: RowSource, options?: NdjsonOptions): FastifyReply
    /** replyHelpers: stream Server-Sent Events, each event's data filtered through `schema`. */
    sse(source: SseSource, options?: SseOptions): FastifyReply
    /** replyHelpers: redirect to a relative path or an allowed origin only. */
    safeRedirect(url: string, status?: RedirectStatus): FastifyReply
    /** replyHelpers: send HTML with charset. */
    html(markup: string, status?: number): FastifyReply
    /** replyHelpers: send plain text with charset. */
    text(text: string, status?: number): FastifyReply
  }

  interface FastifyInstance {
    /** responseGuard: the per-route table of cache policy, schema status and findings. */
    responsePolicies(): ResponsePolicy[]
  }
}

export {}
