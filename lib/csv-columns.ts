// Which fields of a row reach the CSV file, and under which header: a TypeBox object schema's
// properties in its order, an explicit `columns` list, or else the first row's own keys.
import { ReplyKitBadOptionError } from './errors.js'

/** A CSV column: a row's key (its own header), or a key with the header to print for it. */
export type CsvColumn = string | { key: string, header: string }
/** An object schema (`Type.Object({...})` of either TypeBox line, or a plain `{ type: 'object', properties }`). */
export interface ObjectSchema {
  /** Each property becomes a column, in the schema's order. */
  readonly properties: object
  // The keywords a plain object schema is usually written with (an interface with an index
  // signature would refuse TypeBox's interfaces).
  readonly type?: unknown
  readonly required?: unknown
  readonly additionalProperties?: unknown
  readonly $id?: unknown
  readonly title?: unknown
  readonly description?: unknown
}

export interface ResolvedColumn { key: string, header: string }

const schemaColumns = new WeakMap<object, ResolvedColumn[]>()

/** The properties of an object schema, in its order (cached per schema object). */
export function columnsFromSchema (schema: ObjectSchema): ResolvedColumn[] {
  let columns = schemaColumns.get(schema)
  if (columns === undefined) {
    const properties = (schema as { properties?: unknown } | null)?.properties
    if (properties === null || typeof properties !== 'object' || Object.keys(properties).length === 0) {
      throw new ReplyKitBadOptionError('csv schema', 'must be an object schema with properties (Type.Object({...}))')
    }
    columns = Object.keys(properties).map(key => ({ key, header: key }))
    schemaColumns.set(schema, columns)
  }
  return columns
}

/** An explicit column list: names, or `{ key, header }` pairs. */
export function normalizeColumns (columns: readonly CsvColumn[]): ResolvedColumn[] {
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new ReplyKitBadOptionError('csv columns', 'must be a non-empty array')
  }
  return columns.map((column, index) => {
    const resolved = typeof column === 'string' ? { key: column, header: column } : column
    if (resolved === null || typeof resolved !== 'object' || typeof resolved.key !== 'string' || resolved.key === '' || typeof resolved.header !== 'string') {
      throw new ReplyKitBadOptionError('csv columns', `entry ${index} must be a non-empty name or { key, header }`)
    }
    return { key: resolved.key, header: resolved.header }
  })
}

/** The first row's own enumerable keys (array rows have no names: no columns). */
export function columnsFromRow (row: unknown): ResolvedColumn[] | undefined {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return undefined
  return Object.keys(row).map(key => ({ key, header: key }))
}

/**
 * The columns fixed before any row is seen: `columns` if given (and, with a schema too, only keys
 * the schema declares), else the schema's properties; undefined when the first row must decide.
 */
export function csvColumns (options: { schema?: ObjectSchema, columns?: readonly CsvColumn[] }): ResolvedColumn[] | undefined {
  const fromSchema = options.schema === undefined ? undefined : columnsFromSchema(options.schema)
  if (options.columns === undefined) return fromSchema
  const columns = normalizeColumns(options.columns)
  if (fromSchema !== undefined) {
    const declared = new Set(fromSchema.map(c => c.key))
    const outside = columns.find(c => !declared.has(c.key))
    if (outside !== undefined) throw new ReplyKitBadOptionError('csv columns', `"${outside.key}" is not a property of the schema`)
  }
  return columns
}
