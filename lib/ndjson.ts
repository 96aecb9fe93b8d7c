// NDJSON rows serialized through a schema with a compiled fast-json-stringify serializer (as
// Fastify serializes responses), so fields the schema does not declare never leave.
import fastJson from 'fast-json-stringify'
import { ReplyKitBadOptionError, ReplyKitBadStreamSourceError } from './errors.js'

export type RowSerializer = (row: unknown) => string

const compiled = new WeakMap<object, RowSerializer>()

/** Rows without a schema: plain JSON (a row must be an object or an array). */
export function jsonRow (row: unknown): string {
  if (row === null || typeof row !== 'object') {
    throw new ReplyKitBadStreamSourceError(`an NDJSON row must be an object or an array, got ${row === null ? 'null' : typeof row}`)
  }
  return JSON.stringify(row) + '\n'
}

/** The serializer of one schema object, compiled once and cached for as long as the schema lives. */
export function ndjsonSerializer (schema?: object): RowSerializer {
  if (schema === undefined) return jsonRow
  let serializer = compiled.get(schema)
  if (serializer === undefined) {
    if (schema === null || typeof schema !== 'object') throw new ReplyKitBadOptionError('ndjson schema', 'must be a JSON schema object')
    let stringify: (row: unknown) => string
    try {
      stringify = fastJson(schema as unknown as Parameters<typeof fastJson>[0]) as (row: unknown) => string
    } catch (error) {
      throw new ReplyKitBadOptionError('ndjson schema', `does not compile: ${(error as Error).message}`)
    }
    serializer = (row) => {
      if (row === null || typeof row !== 'object') {
        throw new ReplyKitBadStreamSourceError(`an NDJSON row must be an object or an array, got ${row === null ? 'null' : typeof row}`)
      }
      return stringify(row) + '\n'
    }
    compiled.set(schema, serializer)
  }
  return serializer
}
