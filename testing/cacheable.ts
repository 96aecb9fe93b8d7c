// expectCacheable / expectNotCacheable: what an RFC 9111 cache would do with the response, decided
// by http-cache-semantics (an implementation independent of the suite's).
import { AssertionError } from 'node:assert'
import CachePolicy from 'http-cache-semantics'
import { viewResponse, type TestResponse } from './response.js'

export interface CacheableOptions {
  /** true (default): a shared cache (CDN, proxy); false: the browser's own cache. */
  shared?: boolean
  /** The request the response answered; default GET / with no headers. Give Authorization here to check that rule. */
  request?: { method?: string, url?: string, headers?: Record<string, string> }
}

export interface Cacheability {
  /** Seconds the cache may serve it without asking the server. */
  ttl: number
  /** The http-cache-semantics policy, for further checks. */
  policy: CachePolicyLike
}

/** The part of http-cache-semantics' CachePolicy worth a test's while (its own type is a dev dependency). */
export interface CachePolicyLike {
  storable (): boolean
  timeToLive (): number
  satisfiesWithoutRevalidation (request: { method?: string, url?: string, headers: Record<string, string> }): boolean
  responseHeaders (): Record<string, string | string[] | undefined>
}

function policyOf (response: TestResponse, options: CacheableOptions, helper: string): { policy: CachePolicy, summary: string } {
  const view = viewResponse(response, helper)
  const headers: Record<string, string | string[]> = { ...view.headers }
  if (view.setCookie.length > 0) headers['set-cookie'] = view.setCookie
  const request = options.request ?? {}
  const policy = new CachePolicy(
    { method: request.method ?? 'GET', url: request.url ?? '/', headers: lowerCase(request.headers ?? {}) },
    { status: view.status, headers },
    { shared: options.shared !== false })
  const facts = [`status ${view.status}`, `Cache-Control: ${view.headers['cache-control'] ?? '(none)'}`]
  if (view.headers.expires !== undefined) facts.push(`Expires: ${view.headers.expires}`)
  if (view.setCookie.length > 0) facts.push(`${view.setCookie.length} Set-Cookie`)
  return { policy, summary: facts.join(', ') }
}

function lowerCase (headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
}

function cacheName (options: CacheableOptions): string {
  return options.shared === false ? 'a private (browser) cache' : 'a shared cache'
}

/** Asserts that the cache may store the response and serve it for a while; returns how long. */
export function expectCacheable (response: TestResponse, options: CacheableOptions = {}): Cacheability {
  const { policy, summary } = policyOf(response, options, 'expectCacheable')
  const ttl = Math.round(policy.timeToLive() / 1000)
  if (!policy.storable() || ttl <= 0) {
    const why = policy.storable() ? 'it may store it but must revalidate every time (no freshness)' : 'it must not store it'
    throw new AssertionError({ message: `expected the response to be cacheable by ${cacheName(options)}; ${why}: ${summary}`, actual: summary, expected: 'cacheable', operator: 'expectCacheable' })
  }
  return { ttl, policy }
}

/** Asserts that the cache must not store the response at all. */
export function expectNotCacheable (response: TestResponse, options: CacheableOptions = {}): void {
  const { policy, summary } = policyOf(response, options, 'expectNotCacheable')
  if (policy.storable()) {
    throw new AssertionError({ message: `expected the response not to be stored by ${cacheName(options)}, but it may store it for ${Math.floor(policy.timeToLive() / 1000)}s: ${summary}`, actual: summary, expected: 'not storable', operator: 'expectNotCacheable' })
  }
}
