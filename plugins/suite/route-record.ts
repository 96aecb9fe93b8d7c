// One picture of a route, shared by every plugin of the suite: each fills in its part in `onRoute`
// and `app.responsePolicies()` reads the lot. The record lives in the route's config (under a
// symbol), so per-route hooks reach it by closure and per-request code by `request.routeOptions.config`.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import { HEAD_ROUTE_ON_SEND_HOOK, routeConfigOf } from './fastify-internals.js'
import type { CookieAttributes } from '../../lib/openapi-headers.js'

export interface RouteRecord {
  method: string
  url: string
  /** cacheControl: the route's static Cache-Control header ('' when computed per request). */
  cache?: string
  /** secureCookies: the declared cookies the route may set (informational). */
  cookies?: string[]
  /** responseGuard: how the route's JSON bodies are filtered. */
  schema?: 'filtered' | 'missing' | 'open' | 'exempt'
  /** responseGuard: what the start-up audit found. */
  findings: string[]
  /** replyHelpers: set at run time once the route has answered through a helper (file, csv, ...). */
  helper?: string
  /** cacheControl: the route's policy sends a weak ETag and answers a matching If-None-Match with 304 (OpenAPI). */
  etag?: boolean
  /** cacheControl: the policy's `validate` may send Last-Modified (for the OpenAPI document). */
  lastModified?: boolean
  /** routeHeaders: the headers the route sends, global ones included: a static value, or null when computed (OpenAPI). */
  headers?: Record<string, string | null>
  /** secureCookies: the resolved attributes of each cookie in `cookies` (OpenAPI). */
  cookieOptions?: Record<string, CookieAttributes>
}

export const kRouteRecord = Symbol.for('fastify-reply-kit.route-record')
const kRegistry = Symbol.for('fastify-reply-kit.route-registry')

// Keyed by the options object of one onRoute call: Fastify clones options for the HEAD route it
// adds, but the clone shares `config` with the GET, so the config object cannot be the key.
const recordsByOptions = new WeakMap<object, RouteRecord>()

interface Registry { records: RouteRecord[] }
type WithRegistry = FastifyInstance & { [kRegistry]?: Registry }

/** The registry of route records, created on the first plugin of the suite that asks for it. */
export function routeRegistry (fastify: FastifyInstance): Registry {
  const instance = fastify as WithRegistry
  if (!fastify.hasDecorator(kRegistry as unknown as string)) {
    fastify.decorate(kRegistry as unknown as string, { records: [] })
  }
  return instance[kRegistry] as Registry
}

/**
 * The record of the route being added; call it from an `onRoute` hook. The first call for a route
 * creates the record and gives the route its own config object holding it.
 */
export function routeRecord (fastify: FastifyInstance, routeOptions: RouteOptions): RouteRecord {
  let record = recordsByOptions.get(routeOptions)
  if (record === undefined) {
    record = {
      method: Array.isArray(routeOptions.method) ? routeOptions.method.join(',') : routeOptions.method,
      url: routeOptions.url,
      findings: [],
    }
    recordsByOptions.set(routeOptions, record)
    routeOptions.config = { ...routeOptions.config, [kRouteRecord]: record } as RouteOptions['config']
    routeRegistry(fastify).records.push(record)
  }
  return record
}

/** The record of a route at run time, from its config; undefined for routes the suite never saw. */
export function recordOfConfig (config: unknown): RouteRecord | undefined {
  return (config as { [kRouteRecord]?: RouteRecord } | undefined)?.[kRouteRecord]
}

/** The record of the route a request is on (per request: read without building routeOptions). */
export function recordOfRequest (request: FastifyRequest): RouteRecord | undefined {
  return recordOfConfig(routeConfigOf(request))
}

/**
 * Adds a hook to one route only, after any the route already declares. An onSend hook goes before
 * the one Fastify ends its automatic HEAD routes with, which measures the body and drops it, so
 * every plugin sees on HEAD the body the GET sends.
 */
export function addRouteHook<K extends 'onRequest' | 'preHandler' | 'preSerialization' | 'onSend' | 'onResponse' | 'onError' | 'onTimeout' | 'onRequestAbort'> (
  routeOptions: RouteOptions, name: K, hook: NonNullable<RouteOptions[K]> extends Array<infer H> | infer H ? H : never
): void {
  const existing = routeOptions[name] as unknown
  const list = existing === undefined || existing === null ? [] : Array.isArray(existing) ? existing : [existing]
  const head = name === 'onSend' ? list.findIndex((h: { name?: string }) => h.name === HEAD_ROUTE_ON_SEND_HOOK) : -1
  const hooks = head === -1 ? [...list, hook] : [...list.slice(0, head), hook, ...list.slice(head)]
  ;(routeOptions as unknown as Record<string, unknown>)[name] = hooks
}

/** Every route record of the app, in the order the routes were added; [] before any plugin of the suite. */
export function routeRecords (fastify: FastifyInstance): readonly RouteRecord[] {
  return (fastify as WithRegistry)[kRegistry]?.records ?? []
}
