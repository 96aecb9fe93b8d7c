// A guarded route's plan, made once in onRoute, and the serializers it compiles lazily, once per
// schema, through Fastify.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { ReplyKitNoSchemaForStatusError } from '../../lib/errors.js'
import { stripUndeclaredSecrets } from '../../lib/strip-secrets.js'
import { selectResponseSchema, type ResponseTable } from '../../lib/response-schemas.js'
import type { RouteRecord } from '../suite/route-record.js'

export type Serializer = (data: unknown) => string
export type Done = (err?: Error | null, payload?: unknown) => void

export interface RoutePlan {
  record: RouteRecord
  /** 'GET /users', for messages. */
  label: string
  table: ResponseTable | undefined
  instance: FastifyInstance
  isSensitive: (name: string) => boolean
  onBypass: 'filter' | 'error'
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

/** Per reply: the body the guard produced itself (it passes), or ERRORED. */
export const kGuardState = Symbol('fastify-reply-kit.response-guard')
/** The reply went through error handling: an error answer's body is then the error body check's. */
export const ERRORED = Symbol('errored')
export type GuardReply = FastifyReply & { [kGuardState]: string | symbol | null }

/** Serializes through the route's schema for the status (and media type), compiled once. */
export function serialize (plan: RoutePlan, reply: FastifyReply, status: number, mediaType: string, data: unknown): string {
  const key = plan.contentKeyed ? `${status} ${mediaType}` : status
  let serializer = plan.byStatus.get(key)
  if (serializer === undefined) {
    const selected = selectResponseSchema(plan.table!, status, mediaType)
    serializer = selected === undefined ? null : compile(plan, reply, selected.schema)
    plan.byStatus.set(key, serializer)
  }
  if (serializer === null) throw new ReplyKitNoSchemaForStatusError(plan.label, status)
  return serializer(data)
}

/**
 * A schema's serializer, compiled through Fastify (the route's serializer compiler, so an app's
 * serializerOpts and setSerializerCompiler hold), once per route.
 */
export function compile (plan: RoutePlan, reply: FastifyReply, schema: unknown): Serializer {
  let serializer = plan.bySchema.get(schema)
  if (serializer === undefined) {
    const shared = plan.instance.getSchemas()
    const compiled = reply.compileSerializationSchema(schema as Record<string, unknown>) as Serializer
    const isSensitive = plan.isSensitive
    serializer = plan.open.has(schema)
      ? (data) => compiled(stripUndeclaredSecrets(data, schema, { isSensitive, shared }))
      : compiled
    plan.bySchema.set(schema, serializer)
  }
  return serializer
}
