// expectNoLeak: a JSON body carries nothing its schema does not declare (at any depth), and no
// property whose name looks like a secret. The test's own view of "the schema filters", independent
// of the guard's serializer.
import { AssertionError } from 'node:assert'
import { DEFAULT_SENSITIVE, sensitiveMatcher } from '../lib/sensitive-name.js'
import { resolveRef, type SharedSchemas } from '../lib/schema-ref.js'

export interface NoLeakOptions {
  /** Names that must appear nowhere in the body, declared or not; default the guard's list. `[]` turns it off. */
  sensitive?: Array<string | RegExp>
  /** Shared schemas the schema's $refs point to (`app.getSchemas()`). */
  schemas?: SharedSchemas
}

type Schema = Record<string, unknown>
interface Leak { path: string, problem: string }

function isObject (value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function parseBody (body: unknown): unknown {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : undefined
  if (text === undefined) {
    // An inject or undici-style response: its body or payload text.
    const carried = isObject(body) ? (body.body ?? body.payload) : undefined
    if (typeof carried === 'string') return parseBody(carried)
    return body
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new AssertionError({ message: `expectNoLeak: the body is not JSON: ${JSON.stringify(text.slice(0, 80))}`, actual: text, expected: 'JSON', operator: 'expectNoLeak' })
  }
}

/**
 * Asserts that `body` (a JSON string or Buffer, a parsed value, or an inject response) has no property
 * the schema does not declare, and no sensitive-looking property name. The error lists each path.
 */
export function expectNoLeak (body: unknown, schema: unknown, options: NoLeakOptions = {}): void {
  const value = parseBody(body)
  const shared = options.schemas ?? {}
  const isSensitive = sensitiveMatcher(options.sensitive ?? DEFAULT_SENSITIVE)
  const leaks: Leak[] = []
  walk(value, [{ node: schema, root: schema }], '$', leaks, { shared, isSensitive })
  if (leaks.length > 0) {
    const lines = leaks.map(leak => `${leak.path}: ${leak.problem}`)
    throw new AssertionError({ message: `the body leaks ${leaks.length} propert${leaks.length === 1 ? 'y' : 'ies'}:\n${lines.join('\n')}`, actual: lines, expected: [], operator: 'expectNoLeak' })
  }
}

type Applicable = Array<{ node: unknown, root: unknown }>
interface Context { shared: SharedSchemas, isSensitive: (name: string) => boolean }

/**
 * The schemas that apply at one place, $refs and allOf flattened, and the first anyOf/oneOf not
 * decided yet (its branches are tried one by one).
 */
function flatten (entries: Applicable, shared: SharedSchemas, decided: Set<unknown>): { nodes: Array<{ node: Schema, root: unknown }>, union?: { group: unknown[], root: unknown } } {
  const nodes: Array<{ node: Schema, root: unknown }> = []
  let union: { group: unknown[], root: unknown } | undefined
  const queue = [...entries]
  while (queue.length > 0) {
    const { node, root } = queue.shift()!
    if (!isObject(node)) continue
    nodes.push({ node, root })
    if (typeof node.$ref === 'string') {
      const resolved = resolveRef(node.$ref, root, shared)
      if (resolved === undefined) throw new TypeError(`expectNoLeak: cannot resolve $ref ${JSON.stringify(node.$ref)} (pass options.schemas: app.getSchemas())`)
      queue.push({ node: resolved.schema, root: resolved.root })
    }
    if (Array.isArray(node.allOf)) for (const part of node.allOf) queue.push({ node: part, root })
    for (const key of ['anyOf', 'oneOf'] as const) {
      const group = node[key]
      if (union === undefined && Array.isArray(group) && group.length > 0 && !decided.has(group)) union = { group, root }
    }
  }
  return { nodes, union }
}

function patternMatches (patterns: unknown, key: string): boolean {
  if (!isObject(patterns)) return false
  return Object.keys(patterns).some(pattern => new RegExp(pattern, 'u').test(key))
}

function walk (value: unknown, entries: Applicable, path: string, leaks: Leak[], context: Context, decided: Set<unknown> = new Set()): void {
  const { nodes, union } = flatten(entries, context.shared, decided)
  if (union !== undefined) {
    // The value must fit one branch without a leak; else the closest branch's leaks are reported.
    let best: Leak[] | undefined
    for (const option of union.group) {
      const found: Leak[] = []
      walk(value, [...entries, { node: option, root: union.root }], path, found, context, new Set([...decided, union.group]))
      if (best === undefined || found.length < best.length) best = found
      if (found.length === 0) break
    }
    leaks.push(...best!)
    return
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const items: Applicable = []
      for (const { node, root } of nodes) {
        const prefix = node.prefixItems
        if (Array.isArray(prefix) && index < prefix.length) items.push({ node: prefix[index], root })
        else if (isObject(node.items)) items.push({ node: node.items, root })
      }
      walk(item, items, `${path}[${index}]`, leaks, context)
    })
    return
  }
  if (!isObject(value)) return
  const constrained = nodes.some(({ node }) => node.properties !== undefined || node.additionalProperties === false)
  for (const [key, child] of Object.entries(value)) {
    const where = `${path}.${key}`
    if (context.isSensitive(key)) leaks.push({ path: where, problem: `"${key}" looks like a secret` })
    const applicable: Applicable = []
    let declared = !constrained
    for (const { node, root } of nodes) {
      const properties = node.properties as Record<string, unknown> | undefined
      if (properties !== undefined && Object.hasOwn(properties, key)) {
        declared = true
        applicable.push({ node: properties[key], root })
      } else if (patternMatches(node.patternProperties, key)) {
        declared = true
      } else if (isObject(node.additionalProperties)) {
        declared = true
        applicable.push({ node: node.additionalProperties, root })
      } else if (node.additionalProperties === true) {
        declared = true
      }
    }
    if (!declared) leaks.push({ path: where, problem: `"${key}" is not declared in the schema` })
    else walk(child, applicable, where, leaks, context)
  }
}
