// One operation of an OpenAPI document, rewritten with what the suite sends: response headers and
// the helpers' media types. Copies on write: the objects @fastify/swagger built (and may share with
// route schemas) are never changed. Pure data.
import {
  cacheControlHeader, CONTENT_DISPOSITION_HEADER, ETAG_HEADER, LAST_MODIFIED_HEADER, LOCATION_HEADER, routeHeader,
  setCookieHeader, type HeaderObject,
} from './openapi-headers.js'
import { helperMedia, mediaKind, type MediaKind } from './openapi-media.js'

/** What the suite knows about one route. */
export interface OperationFacts {
  /** The static Cache-Control ('' when computed per request), undefined without a policy. */
  cache?: string
  /** The policy sends an ETag (a weak one of the body, or its `validate`'s) and answers If-None-Match with 304. */
  etag: boolean
  /** The policy's `validate` may send Last-Modified (and answers If-Modified-Since). */
  lastModified?: boolean
  /** Declared route headers: the value of a static one, null for a computed one. */
  headers: Record<string, string | null>
  /** Declared cookies the route may set, with their attributes as text. */
  cookies: Array<{ name: string, attributes: string }>
}

type Json = Record<string, unknown>

/** '/posts/:id' -> '/posts/{id}', as @fastify/swagger writes paths (regexp params, '*', '::'). */
export function openApiPath (url: string): string {
  let regexps = 0
  return url
    .replace(/::/g, '\uE000') // an escaped colon; a private-use character no URL of a route holds
    .replace(/:([A-Za-z0-9_]*)(\((?:[^()]|\([^()]*\))*\))?/g, (_match, name: string) => `{${name === '' ? `regexp${++regexps}` : name}}`)
    .replace(/\*/g, '{*}')
    .replace(/\uE000/g, ':')
}

function isObject (value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Adds a header unless the response declares one of that name already (any case): the user's wins. */
function addHeader (headers: Json, name: string, header: HeaderObject): void {
  const lower = name.toLowerCase()
  if (Object.keys(headers).some(key => key.toLowerCase() === lower)) return
  headers[name] = header
}

/** The response for one status key, with the headers and media types the suite sends for it. */
function rewriteResponse (status: string, response: Json, facts: OperationFacts, version: string): Json {
  const success = /^[123]/.test(status)
  const out: Json = { ...response }
  const headers: Json = isObject(response.headers) ? { ...response.headers } : {}
  const kinds = new Set<MediaKind>()
  if (isObject(response.content)) {
    const content: Json = {}
    for (const [mediaType, media] of Object.entries(response.content)) {
      const kind = mediaKind(mediaType)
      kinds.add(kind)
      content[mediaType] = isObject(media) ? helperMedia(kind, media, version) : media
    }
    out.content = content
  }
  for (const [name, value] of Object.entries(facts.headers)) addHeader(headers, name, routeHeader(name, value))
  if (success) {
    if (facts.cache !== undefined && facts.cache !== '') addHeader(headers, 'Cache-Control', cacheControlHeader(facts.cache))
    if (facts.cookies.length > 0) addHeader(headers, 'Set-Cookie', setCookieHeader(facts.cookies))
    const download = kinds.has('binary') || kinds.has('csv') || kinds.has('ndjson')
    if (facts.etag || kinds.has('binary')) addHeader(headers, 'ETag', ETAG_HEADER)
    if (facts.lastModified === true || kinds.has('binary')) addHeader(headers, 'Last-Modified', LAST_MODIFIED_HEADER)
    if (download) addHeader(headers, 'Content-Disposition', CONTENT_DISPOSITION_HEADER)
    if (status.startsWith('3') && status !== '304') addHeader(headers, 'Location', LOCATION_HEADER)
  }
  if (Object.keys(headers).length > 0) out.headers = headers
  return out
}

/** A new operation object whose responses carry the suite's headers and media types. */
export function rewriteOperation (operation: Json, facts: OperationFacts, version: string): Json {
  if (!isObject(operation.responses)) return operation
  const responses: Json = {}
  for (const [status, response] of Object.entries(operation.responses)) {
    responses[status] = isObject(response) && response.$ref === undefined ? rewriteResponse(status, response, facts, version) : response
  }
  return { ...operation, responses }
}
