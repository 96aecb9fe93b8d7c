// openApi: what the suite sends, in the document @fastify/swagger generates, with nothing written
// twice. Each route's record (cache policy, ETag, declared cookies and headers) and its declared
// response media types become response headers and media objects. The document is rewritten after
// swagger builds it (its `swagger()` decorator is wrapped in onReady), on copies of the parts that
// change: route schemas, which Fastify validates and serializes with, are never touched.
import fp from 'fastify-plugin'
import { createRequire } from 'node:module'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { mergeCookieOptions, SECURE_COOKIE_DEFAULTS } from '../lib/cookie-options.js'
import { openApiPath, rewriteOperation, type OperationFacts } from '../lib/openapi-document.js'
import { cookieAttributeText, type CookieAttributes } from '../lib/openapi-headers.js'
import { routeRecord, type RouteRecord } from './suite/route-record.js'
import type { HeaderValue, SecureCookiesOptions } from '../types/options.js'
import '../types/fastify.js'

export interface OpenApiOptions {
  /** The secureCookies options (replyKit passes its own), for the attributes of declared cookies. */
  cookies?: Pick<SecureCookiesOptions, 'defaults' | 'cookies'>
}

interface RouteEntry { routeOptions: RouteOptions, record: RouteRecord }
type Document = Record<string, unknown> & { openapi?: string, paths?: Record<string, Record<string, unknown>>, servers?: Array<{ url?: string }> }
type SwaggerFunction = (options?: { yaml?: boolean }) => unknown

const kInstalled = Symbol.for('fastify-reply-kit.openapi')

/** The facts of one route, read when the document is built (every plugin's onRoute has run). */
function factsOf (entry: RouteEntry, declaredCookie: (name: string) => string): OperationFacts {
  const { record, routeOptions } = entry
  const config = routeOptions.config as { headers?: Record<string, HeaderValue> }
  const headers = record.headers ?? Object.fromEntries(Object.entries(config.headers ?? {})
    .map(([name, value]) => [name, typeof value === 'string' ? value : null]))
  const names = record.cookies ?? []
  return {
    cache: record.cache,
    etag: record.etag === true,
    lastModified: record.lastModified === true,
    headers,
    cookies: names.map(name => ({ name, attributes: record.cookieOptions?.[name] === undefined ? declaredCookie(name) : cookieAttributeText(record.cookieOptions[name]) })),
  }
}

/** Base paths that @fastify/swagger strips from route URLs (stripBasePath, the default). */
function basePaths (document: Document): string[] {
  return (document.servers ?? [])
    .map(server => String(server.url).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/\/$/, ''))
    .filter(path => path.startsWith('/'))
}

/** A new document: the operations of the suite's routes rewritten, everything else shared. */
export function rewriteDocument (document: Document, entries: RouteEntry[], declaredCookie: (name: string) => string): Document {
  const version = typeof document.openapi === 'string' ? document.openapi.split('.').slice(0, 2).join('.') : ''
  if (version === '' || document.paths === undefined) return document // Swagger 2.0: left as it is
  const paths: Record<string, Record<string, unknown>> = { ...document.paths }
  const bases = basePaths(document)
  for (const entry of entries) {
    const full = openApiPath(entry.routeOptions.url)
    const base = bases.find(prefix => full.startsWith(`${prefix}/`))
    const path = paths[full] !== undefined || base === undefined ? full : full.slice(base.length)
    const item = paths[path]
    if (item === undefined) continue
    const facts = factsOf(entry, declaredCookie)
    const copy = { ...item }
    for (const method of [entry.routeOptions.method].flat()) {
      const key = method.toLowerCase()
      if (copy[key] !== undefined) copy[key] = rewriteOperation(copy[key] as Record<string, unknown>, facts, version)
    }
    paths[path] = copy
  }
  return { ...document, paths }
}

function yamlOf (document: unknown): string {
  // The yaml package @fastify/swagger itself uses for `swagger({ yaml: true })`.
  const requireFromSwagger = createRequire(createRequire(import.meta.url).resolve('@fastify/swagger'))
  return (requireFromSwagger('yaml') as { stringify: (value: unknown, options: unknown) => string }).stringify(document, { strict: false })
}

async function openApiPlugin (fastify: FastifyInstance, options: OpenApiOptions): Promise<void> {
  // Typed on its own: @fastify/swagger's types are not ours to depend on.
  const app = fastify as unknown as { [kInstalled]?: boolean, swagger?: SwaggerFunction }
  if (app[kInstalled] === true) return
  fastify.decorate(kInstalled as unknown as string, true)
  const entries: RouteEntry[] = []
  const defaults = mergeCookieOptions(SECURE_COOKIE_DEFAULTS, options.cookies?.defaults)
  const declared = options.cookies?.cookies ?? {}
  const declaredCookie = (name: string): string =>
    cookieAttributeText(mergeCookieOptions(defaults, Object.hasOwn(declared, name) ? declared[name] : undefined) as CookieAttributes)

  fastify.addHook('onRoute', (routeOptions: RouteOptions) => {
    const record = routeRecord(fastify, routeOptions)
    // secureCookies fills `cookies` from config.cookies (checking the names); until it does, and
    // for apps without it, the route's own list (this hook runs after every plugin of replyKit).
    const declared = (routeOptions.config as { cookies?: unknown }).cookies
    if (record.cookies === undefined && Array.isArray(declared)) record.cookies = declared.filter((name): name is string => typeof name === 'string')
    entries.push({ routeOptions, record })
  })

  fastify.addHook('onReady', async function () {
    const original = app.swagger as SwaggerFunction | undefined
    if (typeof original !== 'function') return
    let source: unknown
    let rewritten: Document | undefined
    let yaml: string | undefined
    app.swagger = function swagger (this: unknown, swaggerOptions?: { yaml?: boolean }) {
      const document = original.call(this) as Document
      if (document !== source || rewritten === undefined) {
        source = document
        rewritten = rewriteDocument(document, entries, declaredCookie)
        yaml = undefined
      }
      if (swaggerOptions?.yaml !== true) return rewritten
      yaml ??= yamlOf(rewritten)
      return yaml
    }
  })
}

export const openApi = fp(openApiPlugin, { fastify: '5.x', name: 'fastify-reply-kit/openApi' })
export default openApi
