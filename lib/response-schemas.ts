// Reads a route's `schema.response` (status keys '200', '2xx', 'default', each a schema or Fastify's
// `{ content: { '<media type>': { schema } } }`) into what the guard needs: the JSON schema for a
// status and media type, falling back to the route's success schema.
import { isJsonMediaType } from './json-media-type.js'

export interface ResponseEntry {
  /** '200', '2xx' or 'default'. */
  key: string
  /** JSON (and '*\/*') media type -> schema; '' for a plain (not content-keyed) schema. */
  json: Map<string, unknown>
  /** Media types declared that are not JSON (text/csv...). */
  other: string[]
}

export interface ResponseTable {
  entries: Map<string, ResponseEntry>
  /** The '2xx' entry, or the only 2xx entry; undefined when there is none or several. */
  success?: ResponseEntry
  /** Whether a success answer has a JSON schema: '2xx', 'default', or one or more exact 2xx entries. */
  coversSuccess: boolean
}

export interface SelectedSchema { key: string, mediaType: string, schema: unknown }

function normalizeKey (key: string): string {
  return /^[1-5]xx$/i.test(key) ? key.toLowerCase() : key
}

function readEntry (key: string, value: unknown): ResponseEntry {
  const entry: ResponseEntry = { key, json: new Map(), other: [] }
  const content = value !== null && typeof value === 'object' ? (value as { content?: unknown }).content : undefined
  if (content === null || typeof content !== 'object') {
    entry.json.set('', value)
    return entry
  }
  for (const [type, declared] of Object.entries(content)) {
    const mediaType = type.toLowerCase()
    if (isJsonMediaType(mediaType) || mediaType === '*/*') entry.json.set(mediaType, (declared as { schema?: unknown } | null)?.schema ?? {})
    else entry.other.push(mediaType)
  }
  return entry
}

/** The table of a route's response schemas; undefined when the route declares none. */
export function readResponseSchemas (response: unknown): ResponseTable | undefined {
  if (response === null || typeof response !== 'object') return undefined
  const entries = new Map<string, ResponseEntry>()
  for (const [key, value] of Object.entries(response)) entries.set(normalizeKey(key), readEntry(normalizeKey(key), value))
  if (entries.size === 0) return undefined
  const withJson = (entry: ResponseEntry | undefined): ResponseEntry | undefined => entry !== undefined && entry.json.size > 0 ? entry : undefined
  const exact = [...entries.values()].filter(e => /^2\d\d$/.test(e.key) && e.json.size > 0)
  // With several exact entries (200 and 201) each status has its own schema, and a 2xx status
  // without one has none: no entry may stand in for another.
  const success = withJson(entries.get('2xx')) ?? (exact.length === 1 ? exact[0] : undefined)
  const coversSuccess = success !== undefined || exact.length > 0 || withJson(entries.get('default')) !== undefined
  return { entries, success, coversSuccess }
}

/** Every JSON schema of the table with a label for messages: '200', '200 application/vnd.api+json'. */
export function jsonSchemasOf (table: ResponseTable): Array<{ label: string, schema: unknown }> {
  const list: Array<{ label: string, schema: unknown }> = []
  for (const entry of table.entries.values()) {
    for (const [mediaType, schema] of entry.json) list.push({ label: mediaType === '' ? entry.key : `${entry.key} ${mediaType}`, schema })
  }
  return list
}

function pick (entry: ResponseEntry, mediaType: string): SelectedSchema {
  for (const type of [mediaType, '', 'application/json', '*/*']) {
    if (entry.json.has(type)) return { key: entry.key, mediaType: type, schema: entry.json.get(type) }
  }
  const [type, schema] = entry.json.entries().next().value as [string, unknown]
  return { key: entry.key, mediaType: type, schema }
}

/**
 * The JSON schema for a reply: the status's own entry, its class ('4xx'), 'default', then (unless
 * `toSuccess` is false, as for error answers) the success schema. Within an entry the reply's media
 * type wins, then application/json.
 */
export function selectResponseSchema (table: ResponseTable, status: number, mediaType: string, toSuccess = true): SelectedSchema | undefined {
  const code = String(status)
  for (const key of [code, `${code[0]}xx`, 'default']) {
    const entry = table.entries.get(key)
    if (entry !== undefined && entry.json.size > 0) return pick(entry, mediaType)
  }
  return table.success === undefined || !toSuccess ? undefined : pick(table.success, mediaType)
}
