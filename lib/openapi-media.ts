// The media types of the helpers' answers in an OpenAPI document: a route declares them in its
// response schema (`content: { 'text/csv': { schema: Row } }`), which Fastify does not use to
// serialize a stream; here they become what the wire carries. Pure data; new objects only.

export type MediaKind = 'csv' | 'ndjson' | 'sse' | 'binary' | 'other'
export type MediaObject = Record<string, unknown>

const NDJSON = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/json-seq'])

/** What a declared media type says about the answer. */
export function mediaKind (mediaType: string): MediaKind {
  const type = mediaType.split(';')[0].trim().toLowerCase()
  if (type === 'text/csv') return 'csv'
  if (NDJSON.has(type)) return 'ndjson'
  if (type === 'text/event-stream') return 'sse'
  if (type === 'application/json' || type.endsWith('+json') || type.startsWith('text/') || type.endsWith('+xml') ||
    type === 'application/xml' || type === 'application/x-www-form-urlencoded' || type.startsWith('multipart/')) return 'other'
  return 'binary'
}

function isObject (value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The column names of a CSV row schema, in order (what reply.csv writes with `schema`). */
export function csvColumns (schema: unknown): string[] {
  return isObject(schema) && isObject(schema.properties) ? Object.keys(schema.properties) : []
}

/**
 * The media object for one declared media type; `version` is the document's major.minor. 3.2 has
 * `itemSchema` for sequential media types; before it, the item schema stays the `schema`.
 */
export function helperMedia (kind: MediaKind, media: MediaObject, version: string): MediaObject {
  const { schema, ...rest } = media
  if (kind === 'csv') {
    const columns = csvColumns(schema)
    const described = columns.length === 0 ? 'CSV (RFC 4180).' : `CSV (RFC 4180): a header row, then one row per item. Columns: ${columns.join(', ')}.`
    const out: MediaObject = { ...rest, schema: { type: 'string', description: described } }
    if (columns.length > 0 && out.example === undefined) out.example = `${columns.join(',')}\r\n`
    return out
  }
  if (kind === 'binary') return { ...rest, schema: { type: 'string', format: 'binary' } }
  if (kind === 'other' || schema === undefined || version !== '3.2') return media
  if (kind === 'ndjson') return { ...rest, itemSchema: schema }
  // text/event-stream in 3.2: each event, its `data` being JSON of the item schema.
  return {
    ...rest,
    itemSchema: {
      type: 'object',
      required: ['data'],
      properties: {
        data: { type: 'string', contentMediaType: 'application/json', contentSchema: schema },
        event: { type: 'string' },
        id: { type: 'string' },
        retry: { type: 'integer', minimum: 0 },
      },
    },
  }
}
