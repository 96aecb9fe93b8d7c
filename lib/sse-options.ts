// The options of one reply.sse call, checked at the call (FST_REPLYKIT_BAD_OPTION naming the
// option, FST_REPLYKIT_SSE_FIELD for a bad `close` event) and resolved to their defaults. With a
// schema, each event's data goes through a fast-json-stringify serializer compiled once per schema
// object (as Fastify serializes responses), so fields the schema does not declare never leave.
import fastJson from 'fast-json-stringify'
import { ReplyKitBadOptionError } from './errors.js'
import { encodeItem, plainData, type DataText } from './sse-event.js'

export interface ResolvedSseOptions {
  data: DataText
  heartbeat: number
  writeTimeout: number
  /** Written first: the `retry` field, or an empty comment that makes the headers leave at once. */
  prelude: string
  /** The event sent on app.close(), encoded; '' for none. */
  close: string
}

const OPTIONS = new Set(['schema', 'heartbeat', 'retry', 'writeTimeout', 'close'])
/** The longest delay a Node.js timer takes (about 24.8 days). */
const MAX_DELAY = 2 ** 31 - 1
const DEFAULT_CLOSE = { event: 'close', data: 'close' }
const compiled = new WeakMap<object, DataText>()

function milliseconds (name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_DELAY) {
    throw new ReplyKitBadOptionError(`reply.sse ${name}`, `must be a whole number of milliseconds from ${min} to ${MAX_DELAY}, got ${JSON.stringify(value)}`)
  }
  return value
}

/** The serializer of one schema object, compiled once and kept for as long as the schema lives. */
export function schemaData (schema: unknown): DataText {
  if (schema === null || typeof schema !== 'object') throw new ReplyKitBadOptionError('reply.sse schema', 'must be a JSON schema object (TypeBox)')
  let serializer = compiled.get(schema)
  if (serializer === undefined) {
    try {
      serializer = fastJson(schema as Parameters<typeof fastJson>[0]) as DataText
    } catch (error) {
      throw new ReplyKitBadOptionError('reply.sse schema', `does not compile: ${(error as Error).message}`)
    }
    compiled.set(schema, serializer)
  }
  return serializer
}

export function resolveSseOptions (options: unknown): ResolvedSseOptions {
  if (options === undefined || options === null) options = {}
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ReplyKitBadOptionError('reply.sse options', 'must be an object { schema, heartbeat, retry, writeTimeout, close }')
  }
  const given = options as Record<string, unknown>
  for (const key of Object.keys(given)) {
    if (!OPTIONS.has(key)) throw new ReplyKitBadOptionError(`reply.sse ${key}`, 'is not an option: use schema, heartbeat, retry, writeTimeout or close')
  }
  const { schema, heartbeat, retry, writeTimeout, close = DEFAULT_CLOSE } = given
  if (close !== false && (close === null || typeof close !== 'object' || Array.isArray(close))) {
    throw new ReplyKitBadOptionError('reply.sse close', 'must be an event { data, event, id, retry, comment } or false')
  }
  return {
    data: schema === undefined ? plainData : schemaData(schema),
    heartbeat: milliseconds('heartbeat', heartbeat, 15_000, 0),
    writeTimeout: milliseconds('writeTimeout', writeTimeout, 30_000, 1),
    prelude: retry === undefined ? ':\n\n' : `retry: ${milliseconds('retry', retry, 0, 0)}\n\n`,
    // The server's own event, not the source's data: never through the schema.
    close: close === false ? '' : encodeItem(close, plainData),
  }
}
