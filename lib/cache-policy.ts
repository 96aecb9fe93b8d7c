// Cache policies: validate one (TypeBox schema, then the rules between fields), resolve presets and
// raw header strings into one normal form, and compile that into the header strings sent.
import { Type } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { AGE_KEYS, CachePolicyError, buildCacheControl, checkDirectives, parseCacheControl, type CacheDirectives } from './cache-control.js'
import { DURATION_HINT, MAX_DELTA_SECONDS, parseDuration, type Duration } from './duration.js'
import { BUILT_IN_PRESETS } from './cache-presets.js'
import { normalizeVary } from './vary.js'
import { suggestion } from './option-keys.js'

/** The directives whose value is an age: seconds once normalized, a Duration as written. */
type AgeDirective = 'maxAge' | 'sMaxAge' | 'staleWhileRevalidate' | 'staleIfError'
export type CdnDirectives = Pick<CacheDirectives, 'maxAge' | 'sMaxAge' | 'staleWhileRevalidate' | 'staleIfError' | 'noStore'>
/** A policy's `validate`: reads the resource's validators before the handler (plugins/cache-control/conditional-requests.ts). */
export type PolicyValidate = (request: never) => unknown
/** CDN-Cache-Control (RFC 9213): what a CDN keeps, apart from browsers and other caches. */
export interface CdnCachePolicy {
  /** max-age for the CDN. */
  maxAge?: Duration
  /** s-maxage for the CDN. */
  sMaxAge?: Duration
  /** stale-while-revalidate: how long the CDN may serve a stale copy while it refetches. */
  staleWhileRevalidate?: Duration
  /** stale-if-error: how long the CDN may serve a stale copy when the origin fails. */
  staleIfError?: Duration
  /** no-store: the CDN keeps nothing. */
  noStore?: boolean
}
/**
 * A cache policy as written in `config.cache`, `reply.cache()` or a preset: each field one
 * Cache-Control directive (RFC 9111 section 5.2.2; the flags are documented in CacheDirectives),
 * plus the suite's own `preset`, `cdn`, `vary`, `etag` and `validate`. Generic over the preset names and the `validate` function, which the
 * public `CachePolicy` binds to the app's preset names and Fastify's request.
 */
export interface CachePolicyShape<Preset extends string = string, Validate = PolicyValidate> extends Omit<CacheDirectives, AgeDirective> {
  /** Start from this preset, then apply the fields below. */
  preset?: Preset
  /** max-age: fresh for this long. */
  maxAge?: Duration
  /** s-maxage: fresh for this long in shared caches (needs a shareable policy). */
  sMaxAge?: Duration
  /** stale-while-revalidate: served stale this long while a refetch runs. */
  staleWhileRevalidate?: Duration
  /** stale-if-error: served stale this long when the origin fails. */
  staleIfError?: Duration
  /** CDN-Cache-Control (RFC 9213). */
  cdn?: CdnCachePolicy
  /** Merged into Vary, no duplicates. */
  vary?: string[]
  /** Weak ETag on the body, 304 on a matching If-None-Match. */
  etag?: boolean
  /**
   * Reads the validators of the resource before the handler (in the route's preHandler): a 304 or
   * 412 is answered without running the handler; otherwise they are sent as ETag / Last-Modified
   * (and the body-hash `etag` steps aside). null or undefined: no current representation.
   */
  validate?: Validate
}
/** A policy with presets applied and durations in seconds. */
export interface NormalizedPolicy extends CacheDirectives {
  cdn?: CdnDirectives
  vary?: string[]
  etag?: boolean
  validate?: PolicyValidate
}
/** What the send-time hook needs, computed once per policy. */
export interface CompiledCachePolicy {
  /** Cache-Control value ('' when the policy has no directive, e.g. `{ etag: true }`). */
  header: string
  /** The value when downgraded to private: `public` and `s-maxage` dropped, ages kept. */
  privateHeader: string
  /** CDN-Cache-Control value, if any. */
  cdnHeader: string | undefined
  /** Header names to merge into Vary (lowercase, no duplicates; `['*']` when `*` is among them). */
  vary: readonly string[] | undefined
  /** The same names as one Vary value. */
  varyHeader: string | undefined
  /** Hash the body for a weak ETag: `etag: true`, unless `validate` gives the validators. */
  etag: boolean
  /** Validators read before the handler, if the policy has them. */
  validate: PolicyValidate | undefined
  /** A shared cache may store the response: a Set-Cookie on it must downgrade it to private. */
  cookieRisk: boolean
  /** A shared cache may reuse it for a request with Authorization (RFC 9111 section 3.5). */
  authRisk: boolean
}
export type PresetTable = ReadonlyMap<string, NormalizedPolicy>

const DurationSchema = Type.Union([
  Type.Integer({ minimum: 0, maximum: MAX_DELTA_SECONDS }),
  Type.String({ pattern: '^[0-9]{1,10}[smhdwy]$' }),
], { description: `must be ${DURATION_HINT}` })
const Flag = Type.Boolean({ description: 'must be true or false' })
const HeaderName = Type.String({ pattern: "^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", description: 'must be a header name (an HTTP token)' })
const CdnSchema = Type.Object({
  maxAge: Type.Optional(DurationSchema),
  sMaxAge: Type.Optional(DurationSchema),
  staleWhileRevalidate: Type.Optional(DurationSchema),
  staleIfError: Type.Optional(DurationSchema),
  noStore: Type.Optional(Flag),
}, { additionalProperties: false, description: 'must be an object of CDN-Cache-Control fields' })
const PolicySchema = Type.Object({
  preset: Type.Optional(Type.String({ minLength: 1, description: 'must be a preset name' })),
  public: Type.Optional(Flag),
  private: Type.Optional(Flag),
  maxAge: Type.Optional(DurationSchema),
  sMaxAge: Type.Optional(DurationSchema),
  noCache: Type.Optional(Flag),
  noStore: Type.Optional(Flag),
  noTransform: Type.Optional(Flag),
  mustRevalidate: Type.Optional(Flag),
  proxyRevalidate: Type.Optional(Flag),
  mustUnderstand: Type.Optional(Flag),
  immutable: Type.Optional(Flag),
  staleWhileRevalidate: Type.Optional(DurationSchema),
  staleIfError: Type.Optional(DurationSchema),
  cdn: Type.Optional(CdnSchema),
  vary: Type.Optional(Type.Array(HeaderName, { description: 'must be an array of header names' })),
  etag: Type.Optional(Flag),
  validate: Type.Optional(Type.Function([Type.Any()], Type.Any(), { description: 'must be a function (request) => ({ etag?, lastModified? })' })),
}, { additionalProperties: false })
const checkPolicy = TypeCompiler.Compile(PolicySchema)

const describe = (value: unknown): string => typeof value === 'string' ? `'${value}'` : typeof value === 'object' ? JSON.stringify(value) : String(value)

/** Checks a policy object against the schema; throws CachePolicyError naming the first bad field. */
function checkShape (input: object): void {
  if (checkPolicy.Check(input)) return
  const error = checkPolicy.Errors(input).First()!
  const field = error.path.slice(1).replaceAll('/', '.')
  const unknown = error.message.startsWith('Unexpected property')
  if (unknown) {
    const fields = field.startsWith('cdn.') ? Object.keys(CdnSchema.properties) : Object.keys(PolicySchema.properties)
    throw new CachePolicyError(field, `is not a known field; ${suggestion(field.replace(/^cdn\./, ''), fields)}`)
  }
  throw new CachePolicyError(field, `${error.schema.description as string}; got ${describe(error.value)}`)
}

function seconds (value: unknown, field: string): number {
  const result = parseDuration(value)
  if (result === undefined) throw new CachePolicyError(field, `must be ${DURATION_HINT}; got ${describe(value)}`)
  return result
}

/** The policy object's fields over its preset's, durations in seconds, then the cross-field rules. */
function resolveObject (input: Record<string, unknown>, presets: (name: string) => NormalizedPolicy | undefined, presetNames: Iterable<string> = Object.keys(BUILT_IN_PRESETS)): NormalizedPolicy {
  checkShape(input)
  let policy: NormalizedPolicy = {}
  if (typeof input.preset === 'string') {
    const base = presets(input.preset)
    if (base === undefined) throw new CachePolicyError('preset', `'${input.preset}' is not a known preset; ${suggestion(input.preset, presetNames)}`)
    policy = { ...base }
  }
  for (const [key, value] of Object.entries(input)) {
    if (key === 'preset' || value === undefined) continue
    if (key === 'cdn') {
      const cdn: CdnDirectives = {}
      for (const [cdnKey, cdnValue] of Object.entries(value as Record<string, unknown>)) {
        if (cdnValue === undefined) continue
        if (cdnKey === 'noStore') cdn.noStore = cdnValue as boolean
        else cdn[cdnKey as 'maxAge'] = seconds(cdnValue, `cdn.${cdnKey}`)
      }
      policy.cdn = cdn
    } else if ((AGE_KEYS as readonly string[]).includes(key)) {
      policy[key as 'maxAge'] = seconds(value, key)
    } else {
      (policy as Record<string, unknown>)[key] = key === 'vary' ? [...value as string[]] : value
    }
  }
  const problem = checkDirectives(policy) ?? (policy.cdn === undefined ? undefined : checkDirectives(policy.cdn, 'cdn.'))
  if (problem !== undefined) throw problem
  if (policy.cdn !== undefined && (policy.private === true || policy.noStore === true) && policy.cdn.noStore !== true &&
    AGE_KEYS.some(key => policy.cdn![key] !== undefined)) {
    throw new CachePolicyError('cdn', 'CDN-Cache-Control ages on a private or no-store policy would let the CDN store it')
  }
  return policy
}

/** A raw Cache-Control value such as 'public, max-age=60', parsed and checked. */
function resolveHeader (input: string, presetNames: Iterable<string>): NormalizedPolicy {
  try {
    const directives = parseCacheControl(input)
    const problem = checkDirectives(directives)
    if (problem !== undefined) throw problem
    return directives
  } catch (error) {
    // A lone word is most likely a preset name with a typo ('pubic').
    const hint = /^[\w-]+$/.test(input.trim()) ? `; as a preset name: ${suggestion(input.trim(), presetNames)}` : ''
    throw new CachePolicyError('', `${describe(input)} is neither a preset nor a valid Cache-Control value: ${(error as Error).message}${hint}`)
  }
}

/**
 * The normal form of a policy input: a preset name, a raw Cache-Control value, or a policy object.
 * Throws CachePolicyError naming the field at fault ('' for the input as a whole).
 */
export function resolveCachePolicy (input: unknown, presets: PresetTable): NormalizedPolicy {
  if (typeof input === 'string') return presets.get(input) ?? resolveHeader(input, presets.keys())
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    return resolveObject(input as Record<string, unknown>, name => presets.get(name), presets.keys())
  }
  throw new CachePolicyError('', `must be a preset name, a Cache-Control value or a policy object; got ${describe(input)}`)
}

/**
 * The built-in presets with the user's added or overridden on top. A preset may start from another
 * (`{ preset: 'public', maxAge: '1h' }`); one that names itself starts from the built-in of that name.
 * Throws CachePolicyError with the field 'name' or 'name.field'.
 */
export function buildPresetTable (custom: unknown): PresetTable {
  const table = new Map<string, NormalizedPolicy>()
  const builtIn = (name: string): NormalizedPolicy | undefined =>
    Object.hasOwn(BUILT_IN_PRESETS, name) ? resolveObject(BUILT_IN_PRESETS[name] as Record<string, unknown>, () => undefined) : undefined
  for (const name of Object.keys(BUILT_IN_PRESETS)) table.set(name, builtIn(name)!)
  if (custom === undefined) return table
  if (custom === null || typeof custom !== 'object' || Array.isArray(custom)) {
    throw new CachePolicyError('', `must be an object of named policies; got ${describe(custom)}`)
  }
  const defs = custom as Record<string, unknown>
  const done = new Map<string, NormalizedPolicy>()
  const resolving: string[] = []
  const named = new WeakSet<Error>() // errors that already name their preset
  const fail = (field: string, message: string): never => {
    const error = new CachePolicyError(field, message)
    named.add(error)
    throw error
  }
  const resolve = (name: string): NormalizedPolicy => {
    const cached = done.get(name)
    if (cached !== undefined) return cached
    if (resolving.includes(name)) fail(name, `presets refer to each other in a loop: ${[...resolving, name].join(' -> ')}`)
    const def = defs[name]
    if (def === null || typeof def !== 'object' || Array.isArray(def)) fail(name, `must be a policy object; got ${describe(def)}`)
    resolving.push(name)
    let policy: NormalizedPolicy
    try {
      policy = resolveObject(def as Record<string, unknown>, base =>
        base !== name && Object.hasOwn(defs, base) ? resolve(base) : builtIn(base), new Set([...Object.keys(BUILT_IN_PRESETS), ...Object.keys(defs)]))
    } catch (error) {
      if (named.has(error as Error)) throw error
      return fail(`${name}.${(error as CachePolicyError).field}`, (error as Error).message)
    }
    resolving.pop()
    done.set(name, policy)
    return policy
  }
  for (const name of Object.keys(defs)) table.set(name, resolve(name))
  return table
}

/** The header strings and flags of a policy, computed once. */
export function compileCachePolicy (policy: NormalizedPolicy): CompiledCachePolicy {
  const header = buildCacheControl(policy)
  const cookieRisk = policy.private !== true && policy.noStore !== true
  const authRisk = cookieRisk && (policy.public === true || policy.sMaxAge !== undefined || policy.mustRevalidate === true)
  const cdnHeader = policy.cdn === undefined ? '' : buildCacheControl(policy.cdn)
  const vary = policy.vary === undefined || policy.vary.length === 0 ? undefined : normalizeVary(policy.vary)
  return {
    header,
    privateHeader: cookieRisk ? buildCacheControl({ ...policy, public: false, private: true, sMaxAge: undefined }) : header,
    cdnHeader: cdnHeader === '' ? undefined : cdnHeader,
    vary,
    varyHeader: vary?.join(', '),
    etag: policy.etag === true && policy.validate === undefined,
    validate: policy.validate,
    cookieRisk,
    authRisk,
  }
}
