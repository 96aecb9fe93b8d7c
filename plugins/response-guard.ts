// responseGuard: a route's response schema filters every JSON body it sends, whatever path the body
// took (a status without a schema entry, a pre-serialized string or Buffer, a Web Response, a custom
// serializer, an onSend replacement), and a start-up audit reports schemas that let data through.
//
// The normal path costs one preSerialization and one onSend hook, on schema'd routes only: the
// preSerialization hook serializes the object itself (with a compiled fast-json-stringify serializer
// for the status) and remembers the string; the onSend hook lets exactly that string pass. Anything
// else that reaches onSend as JSON is a bypass: filtered through the schema, or a 500.
import fp from 'fastify-plugin'
import fastJsonStringify from 'fast-json-stringify'
import secureJson from 'secure-json-parse'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { ServerResponse } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import '../types/fastify.js'
import type { ResponseGuardOptions, ResponsePolicy, RouteGuardConfig } from '../types/options.js'
import {
  ReplyKitBadOptionError, ReplyKitGuardFindingsError, ReplyKitNoSchemaForStatusError, ReplyKitSchemaBypassError,
} from '../lib/errors.js'
import { isJsonMediaType, mediaTypeOf } from '../lib/json-media-type.js'
import { DEFAULT_SENSITIVE, sensitiveMatcher } from '../lib/sensitive-name.js'
import { auditSchema } from '../lib/schema-audit.js'
import { stripUndeclaredSecrets } from '../lib/strip-secrets.js'
import { jsonSchemasOf, readResponseSchemas, selectResponseSchema, type ResponseTable } from '../lib/response-schemas.js'
import { addRouteHook, routeRecord, routeRegistry, type RouteRecord } from './route-record.js'
import { watchUnseenRoutes } from './suite/unseen-routes.js'

type Serializer = (data: unknown) => string

interface RoutePlan {
  record: RouteRecord
  /** 'GET /users', for messages. */
  label: string
  table: ResponseTable | undefined
  instance: FastifyInstance
  isSensitive: (name: string) => boolean
  /** The GET record an auto-added HEAD route mirrors. */
  headOf?: RouteRecord
  /** Compiled serializers: per schema object, then per status and media type. */
  bySchema: Map<unknown, Serializer>
  byStatus: Map<number | string, Serializer | null>
  /** Some entry is keyed by content type: the reply's media type takes part in the choice. */
  contentKeyed: boolean
  /** Schemas the audit found open: serialized after dropping secret-looking undeclared properties. */
  open: Set<unknown>
}

const kGuardState = Symbol('fastify-reply-kit.response-guard')
/** The reply is an error reply (the error handler's output): it passes untouched. */
const ERRORED = Symbol('errored')
const MODES = ['strict', 'warn', 'off']
const ON_BYPASS = ['filter', 'error']
/** Fastify's defaults for a string or Buffer sent without a type: a JSON text there is a bypass too. */
const UNTYPED = new Set(['', 'text/plain', 'application/octet-stream'])
const MISSING_FINDING = 'no 2xx response schema (declare one, or set config: { guard: false } on a route that answers with a file, stream or text)'
const PARSE_OPTIONS = { protoAction: 'remove', constructorAction: 'remove' } as const

type GuardReply = FastifyReply & { [kGuardState]: string | symbol | null }
type Done = (err?: Error | null, payload?: unknown) => void

function passThrough (payload: unknown): string {
  return payload as string
}

// Fastify keeps reply.serializer()'s function under a private symbol; found once, by its description.
let serializerSymbol: symbol | undefined
function customSerializerOf (reply: FastifyReply): unknown {
  if (serializerSymbol === undefined) {
    serializerSymbol = Object.getOwnPropertySymbols(reply).find(s => s.description === 'fastify.reply.serializer')
    /* c8 ignore next 2: Fastify 5 has it; without it every JSON body takes the (safe, slower) bypass path */
    if (serializerSymbol === undefined) return true
  }
  return (reply as unknown as Record<symbol, unknown>)[serializerSymbol]
}
function clearSerializer (reply: FastifyReply): void {
  if (customSerializerOf(reply) === passThrough) (reply as unknown as Record<symbol, unknown>)[serializerSymbol!] = null
}

function looksLikeJsonContainer (body: string | Buffer): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = typeof body === 'string' ? body.charCodeAt(i) : body[i]
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) continue
    return c === 0x7b || c === 0x5b // { or [
  }
  return false
}

function isEncoded (reply: FastifyReply): boolean {
  const encoding = reply.getHeader('content-encoding')
  return encoding !== undefined && encoding !== 'identity'
}

function isWebResponse (payload: unknown): payload is Response {
  return typeof payload === 'object' && Object.prototype.toString.call(payload) === '[object Response]'
}

/** Reads a Node or Web stream to its end; if the client goes away first, the stream is destroyed. */
async function readStream (body: unknown, raw: ServerResponse): Promise<Buffer> {
  const source = typeof (body as Readable).pipe === 'function' ? body as Readable : Readable.fromWeb(body as WebReadableStream)
  const abort = (): void => { source.destroy() }
  raw.once('close', abort)
  try {
    const chunks: Buffer[] = []
    for await (const chunk of source) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    return Buffer.concat(chunks)
  } finally {
    raw.removeListener('close', abort)
  }
}

function discard (payload: unknown): void {
  const body = payload as { destroy?: () => void, cancel?: () => Promise<void> }
  if (typeof body.destroy === 'function') body.destroy()
  else if (typeof body.cancel === 'function') body.cancel().catch(() => {})
}

function validateOptions (options: ResponseGuardOptions): void {
  if (options.mode !== undefined && !MODES.includes(options.mode)) {
    throw new ReplyKitBadOptionError('mode', `must be one of ${MODES.join(', ')}, got ${String(options.mode)}`)
  }
  if (options.onBypass !== undefined && !ON_BYPASS.includes(options.onBypass)) {
    throw new ReplyKitBadOptionError('onBypass', `must be one of ${ON_BYPASS.join(', ')}, got ${String(options.onBypass)}`)
  }
  if (options.requireSchema !== undefined && typeof options.requireSchema !== 'boolean') {
    throw new ReplyKitBadOptionError('requireSchema', 'must be a boolean')
  }
  validateSensitive('sensitive', options.sensitive)
}

function validateSensitive (name: string, sensitive: unknown): void {
  if (sensitive === undefined) return
  if (!Array.isArray(sensitive) || !sensitive.every(p => typeof p === 'string' || p instanceof RegExp)) {
    throw new ReplyKitBadOptionError(name, 'must be an array of strings and RegExps')
  }
}

function routeGuardConfig (label: string, config: unknown): RouteGuardConfig | undefined {
  const guard = (config as { guard?: unknown } | undefined)?.guard
  if (guard === undefined || guard === false) return guard
  if (guard === null || typeof guard !== 'object' || Array.isArray(guard)) {
    throw new ReplyKitBadOptionError(`config.guard of ${label}`, 'must be false or { sensitive: [...] }')
  }
  validateSensitive(`config.guard.sensitive of ${label}`, (guard as { sensitive?: unknown }).sensitive)
  return guard as RouteGuardConfig
}

/** The table of the contract, read from the shared route records. */
function responsePolicies (records: RouteRecord[]): ResponsePolicy[] {
  return records.map((record) => {
    // A route without a schema that has answered through a reply helper is not a JSON route.
    const helped = record.helper !== undefined && (record.schema === undefined || record.schema === 'missing')
    const policy: ResponsePolicy = {
      method: record.method,
      url: record.url,
      schema: helped ? 'exempt' : record.schema ?? 'missing',
      findings: helped ? record.findings.filter(f => f !== MISSING_FINDING) : [...record.findings],
    }
    if (record.cache !== undefined) policy.cache = record.cache
    return policy
  })
}

async function responseGuardPlugin (fastify: FastifyInstance, options: ResponseGuardOptions): Promise<void> {
  validateOptions(options)
  const mode = options.mode ?? 'warn'
  const requireSchema = options.requireSchema ?? true
  const onBypass = options.onBypass ?? 'filter'
  watchUnseenRoutes(fastify, 'responseGuard', { strict: mode === 'strict' })
  const defaultMatcher = sensitiveMatcher(options.sensitive ?? DEFAULT_SENSITIVE)
  const registry = routeRegistry(fastify)
  const plans: RoutePlan[] = []
  let lastGet: { url: string, handler: unknown, record: RouteRecord } | undefined

  if (!fastify.hasDecorator('responsePolicies')) {
    fastify.decorate('responsePolicies', function () { return responsePolicies(registry.records) })
  }
  if (!fastify.hasReplyDecorator(kGuardState as unknown as string)) fastify.decorateReply(kGuardState as unknown as string, null)

  fastify.addHook('onRoute', function (this: FastifyInstance, routeOptions: RouteOptions) {
    const record = routeRecord(fastify, routeOptions)
    const label = `${record.method} ${record.url}`
    const guard = routeGuardConfig(label, routeOptions.config)
    const isGet = [routeOptions.method].flat().includes('GET')
    const headOf = routeOptions.method === 'HEAD' && lastGet?.url === routeOptions.url && lastGet.handler === routeOptions.handler
      ? lastGet.record
      : undefined
    lastGet = isGet ? { url: routeOptions.url, handler: routeOptions.handler, record } : undefined
    if (guard === false) {
      record.schema = 'exempt'
      return
    }
    const table = readResponseSchemas(routeOptions.schema?.response)
    const sensitive = guard?.sensitive
    const plan: RoutePlan = {
      record,
      label,
      table,
      instance: this,
      isSensitive: sensitive === undefined ? defaultMatcher : sensitiveMatcher(sensitive),
      headOf,
      bySchema: new Map(),
      byStatus: new Map(),
      contentKeyed: table !== undefined && [...table.entries.values()].some(entry => !entry.json.has('')),
      open: new Set(),
    }
    if (table === undefined) {
      record.schema = 'missing'
    } else if (jsonSchemasOf(table).length === 0) {
      // Only non-JSON content types declared (text/csv...): nothing for the guard to filter.
      record.schema = 'exempt'
      return
    } else {
      record.schema = table.coversSuccess ? 'filtered' : 'missing'
      if (mode !== 'off') addGuardHooks(routeOptions, plan)
    }
    plans.push(plan)
  })

  fastify.addHook('onReady', async function () {
    if (mode === 'off') return
    const lines: string[] = []
    for (const plan of plans) {
      auditRoute(plan)
      for (const finding of plan.record.findings) lines.push(`${plan.label}: ${finding}`)
    }
    if (lines.length === 0) return
    if (mode === 'strict') throw new ReplyKitGuardFindingsError(lines.join('\n'))
    for (const line of lines) fastify.log.warn(`responseGuard: ${line}`)
  })

  function auditRoute (plan: RoutePlan): void {
    const { record, table } = plan
    if (plan.headOf !== undefined) {
      // Fastify's automatic HEAD route: same schemas as its GET, reported once, under the GET.
      record.schema = plan.headOf.schema
      return
    }
    if (record.schema === 'missing' && requireSchema) record.findings.push(MISSING_FINDING)
    if (table === undefined) return
    for (const { label, schema } of jsonSchemasOf(table)) {
      for (const finding of auditSchema(schema, { isSensitive: plan.isSensitive, shared: plan.instance.getSchemas() })) {
        if (finding.kind !== 'sensitive') {
          plan.open.add(schema)
          if (record.schema === 'filtered') record.schema = 'open'
        }
        record.findings.push(`response ${label} at ${finding.path}: ${finding.detail}`)
      }
    }
  }

  function addGuardHooks (routeOptions: RouteOptions, plan: RoutePlan): void {
    addRouteHook(routeOptions, 'preSerialization', function guardPreSerialization (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: Done) {
      const guarded = reply as GuardReply
      if (guarded[kGuardState] === ERRORED) {
        clearSerializer(reply)
        done(null, payload)
        return
      }
      // A custom reply.serializer() runs as the user set it; onSend then filters its output.
      if (customSerializerOf(reply) !== null) {
        done(null, payload)
        return
      }
      let out: string
      try {
        // Most routes declare plain schemas: then the media type cannot change the choice.
        out = serialize(plan, reply.statusCode, plan.contentKeyed ? mediaTypeOf(reply.getHeader('content-type')) : '', payload)
      } catch (err) {
        done(err as Error)
        return
      }
      guarded[kGuardState] = out
      reply.serializer(passThrough)
      done(null, out)
    } as never)

    const onSend = function guardOnSend (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: Done) {
      const state = (reply as GuardReply)[kGuardState]
      if (payload === state || state === ERRORED || payload === null || payload === undefined ||
        // A compression hook that ran before this one encoded the guard's own body.
        (typeof state === 'string' && isEncoded(reply))) {
        done(null, payload)
        return
      }
      checkBody(plan, reply, payload, done)
    }
    addRouteHook(routeOptions, 'onSend', onSend as never)

    addRouteHook(routeOptions, 'onError', function guardOnError (_request: FastifyRequest, reply: FastifyReply, _error: Error, done: () => void) {
      (reply as GuardReply)[kGuardState] = ERRORED
      done()
    } as never)
  }

  /** Serializes through the route's schema for the status (and media type), compiled once. */
  function serialize (plan: RoutePlan, status: number, mediaType: string, data: unknown): string {
    const key = plan.contentKeyed ? `${status} ${mediaType}` : status
    let serializer = plan.byStatus.get(key)
    if (serializer === undefined) {
      const selected = selectResponseSchema(plan.table!, status, mediaType)
      serializer = selected === undefined ? null : compile(plan, selected.schema)
      plan.byStatus.set(key, serializer)
    }
    if (serializer === null) throw new ReplyKitNoSchemaForStatusError(plan.label, status)
    return serializer(data)
  }

  function compile (plan: RoutePlan, schema: unknown): Serializer {
    let serializer = plan.bySchema.get(schema)
    if (serializer === undefined) {
      const shared = plan.instance.getSchemas()
      const compiled = fastJsonStringify(schema as fastJsonStringify.AnySchema, { schema: shared as Record<string, fastJsonStringify.Schema> }) as Serializer
      const isSensitive = plan.isSensitive
      serializer = plan.open.has(schema)
        ? (data) => compiled(stripUndeclaredSecrets(data, schema, { isSensitive, shared }))
        : compiled
      plan.bySchema.set(schema, serializer)
    }
    return serializer
  }

  /** A body that did not come from the guard's own serialization. */
  function checkBody (plan: RoutePlan, reply: FastifyReply, payload: unknown, done: Done): void {
    if (isWebResponse(payload)) {
      checkWebResponse(plan, reply, payload, done)
      return
    }
    const status = reply.statusCode
    if (status === 204 || status === 304) {
      done(null, payload)
      return
    }
    const mediaType = mediaTypeOf(reply.getHeader('content-type'))
    const json = isJsonMediaType(mediaType)
    if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
      if (json || (UNTYPED.has(mediaType) && looksLikeJsonContainer(payload))) bypass(plan, reply, mediaType, payload, 'a pre-serialized body', done)
      else done(null, payload)
      return
    }
    const stream = payload as { pipe?: unknown, getReader?: unknown }
    if (!json || (typeof stream.pipe !== 'function' && typeof stream.getReader !== 'function')) {
      done(null, payload)
      return
    }
    if (onBypass === 'error') {
      discard(payload)
      done(new ReplyKitSchemaBypassError(plan.label, 'a JSON stream'))
      return
    }
    readStream(payload, reply.raw).then(body => bypass(plan, reply, mediaType, body, 'a JSON stream', done), done)
  }

  function checkWebResponse (plan: RoutePlan, reply: FastifyReply, response: Response, done: Done): void {
    const mediaType = mediaTypeOf(response.headers.get('content-type'))
    const json = isJsonMediaType(mediaType)
    // (A Response cannot have a body with 204 or 304.)
    if (response.body === null || (!json && !UNTYPED.has(mediaType))) {
      done(null, response)
      return
    }
    if (json && onBypass === 'error') {
      discard(response.body)
      done(new ReplyKitSchemaBypassError(plan.label, 'a Web Response'))
      return
    }
    readStream(response.body, reply.raw).then((body) => {
      // The Response's status and headers, as Fastify would apply them, now that the body is a string.
      reply.code(response.status)
      response.headers.forEach((value, name) => { if (name !== 'content-length') reply.header(name, value) })
      if (json || looksLikeJsonContainer(body)) bypass(plan, reply, mediaType, body, 'a Web Response', done)
      else done(null, body)
    }, done)
  }

  /**
   * A body that went around the guard's serialization. One that claims JSON is an error (onBypass
   * 'error') or filtered, and never sent as is; an untyped text is a bypass only if it parses.
   */
  function bypass (plan: RoutePlan, reply: FastifyReply, mediaType: string, body: string | Buffer, what: string, done: Done): void {
    const claimsJson = isJsonMediaType(mediaType)
    if (claimsJson && onBypass === 'error') {
      done(new ReplyKitSchemaBypassError(plan.label, what))
      return
    }
    let data: unknown
    try {
      data = secureJson.parse(body, null, PARSE_OPTIONS)
    } catch {
      if (!claimsJson) {
        done(null, body) // text that merely starts like JSON
        return
      }
      // Claims JSON but does not parse (or is encoded): it cannot be filtered, so it is not sent.
      reply.removeHeader('content-encoding')
      done(new ReplyKitSchemaBypassError(plan.label, `${what} that is not valid JSON`))
      return
    }
    if (onBypass === 'error') {
      done(new ReplyKitSchemaBypassError(plan.label, `${what} of JSON without a JSON type`))
      return
    }
    let out: string
    try {
      out = serialize(plan, reply.statusCode, mediaType, data)
    } catch (err) {
      done(err as Error)
      return
    }
    (reply as GuardReply)[kGuardState] = out
    if (!claimsJson) reply.type('application/json; charset=utf-8')
    reply.removeHeader('content-length')
    done(null, out)
  }
}

export const responseGuard = fp(responseGuardPlugin, { fastify: '5.x', name: 'fastify-reply-kit/responseGuard' })
export default responseGuard
