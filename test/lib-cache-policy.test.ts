import { test } from 'tap'
import fc from 'fast-check'
import CacheSemantics from 'http-cache-semantics'
import { CachePolicyError, parseCacheControl, type CacheDirectives } from '../lib/cache-control.js'
import { buildPresetTable, compileCachePolicy, resolveCachePolicy } from '../lib/cache-policy.js'
import { BUILT_IN_PRESETS } from '../lib/cache-presets.js'
import type { CachePolicy } from '../types/options.js'

const presets = buildPresetTable(undefined)
const compile = (input: unknown) => compileCachePolicy(resolveCachePolicy(input, presets))

test('built-in presets give the headers of the contract table', async (t) => {
  const table: Record<string, string> = {
    public: 'public, max-age=60',
    private: 'private, no-store',
    'no-store': 'no-store',
    revalidate: 'no-cache',
    immutable: 'public, max-age=31536000, immutable',
  }
  t.same(Object.keys(BUILT_IN_PRESETS).sort(), Object.keys(table).sort())
  for (const [name, header] of Object.entries(table)) t.equal(compile(name).header, header, name)
  t.equal(compile('revalidate').etag, true)
  t.equal(compile('public').etag, false)
})

test('a policy object starts from its preset; its own fields replace the preset\'s', async (t) => {
  t.equal(compile({ preset: 'public', maxAge: '1h' }).header, 'public, max-age=3600')
  t.equal(compile({ preset: 'immutable', immutable: false, maxAge: '1d' }).header, 'public, max-age=86400')
  t.equal(compile({ preset: 'private', noStore: false, maxAge: 30 }).header, 'private, max-age=30')
  t.equal(compile({ preset: 'public', maxAge: undefined }).header, 'public, max-age=60', 'undefined fields are ignored')
  const full = compile({
    public: true,
    maxAge: '5m',
    sMaxAge: '1h',
    staleWhileRevalidate: '30s',
    staleIfError: '1d',
    mustRevalidate: true,
    noTransform: true,
    vary: ['Accept-Encoding', 'accept-encoding', 'Origin'],
    etag: true,
    cdn: { maxAge: '1h', staleIfError: 60, sMaxAge: undefined }
  })
  t.equal(full.header, 'public, max-age=300, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400, must-revalidate, no-transform')
  t.equal(full.privateHeader, 'private, max-age=300, stale-while-revalidate=30, stale-if-error=86400, must-revalidate, no-transform')
  t.equal(full.cdnHeader, 'max-age=3600, stale-if-error=60')
  t.same(full.vary, ['accept-encoding', 'origin'])
  t.equal(full.varyHeader, 'accept-encoding, origin')
  t.equal(full.etag, true)
  t.same([full.cookieRisk, full.authRisk], [true, true])
  t.same(compile({ vary: ['Origin', '*'] }).vary, ['*'])
  t.equal(compile({ vary: [] }).vary, undefined)
  t.equal(compile({ vary: [] }).varyHeader, undefined)
  t.equal(compile({ cdn: {} }).cdnHeader, undefined)
  t.equal(compile({ cdn: { noStore: true } }).cdnHeader, 'no-store')
  t.equal(compile({ private: true, cdn: { noStore: true } }).cdnHeader, 'no-store', 'a CDN may be told not to store a private answer')
  t.equal(compile({ etag: true }).header, '', 'a policy may carry no directive at all')
})

test('risk flags: what a shared cache could store, or reuse for an authenticated request', async (t) => {
  const flags = (input: unknown) => { const c = compile(input); return [c.cookieRisk, c.authRisk] }
  t.same(flags('public'), [true, true])
  t.same(flags('max-age=60'), [true, false], 'max-age alone: storable, but not reused with Authorization (RFC 9111 3.5)')
  t.same(flags('s-maxage=60'), [true, true])
  t.same(flags('must-revalidate, max-age=60'), [true, true])
  t.same(flags('no-cache'), [true, false])
  t.same(flags('private, max-age=60'), [false, false])
  t.same(flags('no-store'), [false, false])
  t.equal(compile('private, max-age=60').privateHeader, 'private, max-age=60')
})

test('raw header strings are parsed and validated; preset names win over directives', async (t) => {
  t.equal(compile('Public, Max-Age=60, S-MAXAGE=120').header, 'public, max-age=60, s-maxage=120')
  t.equal(compile('private').header, 'private, no-store', 'the preset, not the bare directive')
  t.equal(compile('no-store').header, 'no-store')
  const bad = ['pubic', 'public, private', 'no-store, max-age=5', 'public, no-store', 'max-age=-1', 'max-age=1.5', 'max-age=x', 'no-cache="x"', '']
  for (const header of bad) {
    if (header === '') {
      t.equal(compile(header).header, '', 'an empty value is an empty policy')
      continue
    }
    t.throws(() => compile(header), { field: '', message: /is neither a preset nor a valid Cache-Control value/ }, header)
  }
})

test('policy objects: the schema names the field at fault', async (t) => {
  const cases: Array<[unknown, string, RegExp]> = [
    [{ maxAge: -1 }, 'maxAge', /whole number of seconds.*got -1/],
    [{ maxAge: 1.5 }, 'maxAge', /got 1.5/],
    [{ maxAge: NaN }, 'maxAge', /got NaN/],
    [{ maxAge: 'abc' }, 'maxAge', /got 'abc'/],
    [{ maxAge: '1.5h' }, 'maxAge', /got '1.5h'/],
    [{ sMaxAge: '99999999y' }, 'sMaxAge', /got '99999999y'/],
    [{ staleIfError: 2147483649 }, 'staleIfError', /got 2147483649/],
    [{ public: 'yes' }, 'public', /true or false; got 'yes'/],
    [{ maxage: 60 }, 'maxage', /is not a known field/],
    [{ cdn: { maxAge: -5 } }, 'cdn.maxAge', /got -5/],
    [{ cdn: { private: true } }, 'cdn.private', /is not a known field/],
    [{ cdn: 'max-age=5' }, 'cdn', /object of CDN-Cache-Control fields/],
    [{ vary: 'Origin' }, 'vary', /array of header names/],
    [{ vary: ['Accept Encoding'] }, 'vary.0', /header name/],
    [{ etag: 1 }, 'etag', /true or false/],
    [{ preset: '' }, 'preset', /preset name/],
    [{ preset: 'nope' }, 'preset', /'nope' is not a known preset/],
    [{ public: true, private: true }, 'private', /exclude each other/],
    [{ preset: 'public', private: true }, 'private', /exclude each other/],
    [{ noStore: true, public: true }, 'noStore', /nothing may be stored/],
    [{ noStore: true, maxAge: 0 }, 'maxAge', /nothing may be stored/],
    [{ preset: 'private', maxAge: 60 }, 'maxAge', /nothing may be stored/],
    [{ cdn: { noStore: true, maxAge: 5 } }, 'cdn.maxAge', /nothing may be stored/],
    [{ private: true, cdn: { maxAge: 5 } }, 'cdn', /would let the CDN store it/],
    [{ noStore: true, cdn: { staleIfError: 5 } }, 'cdn', /would let the CDN store it/],
    [5, '', /preset name, a Cache-Control value or a policy object; got 5/],
    [null, '', /got null/],
    [['public'], '', /got \["public"\]/],
    [undefined, '', /got undefined/],
  ]
  for (const [input, field, message] of cases) {
    t.throws(() => compile(input), { field, message }, JSON.stringify(input) ?? String(input))
  }
})

test('buildPresetTable: custom presets add, override, start from others, and are checked', async (t) => {
  const table = buildPresetTable({
    public: { preset: 'public', maxAge: '5m' },
    article: { preset: 'public', sMaxAge: '1h' },
    feed: { preset: 'article', vary: ['Accept'] },
    base: { noCache: true },
  })
  const header = (name: string) => compileCachePolicy(table.get(name)!).header
  t.equal(header('public'), 'public, max-age=300', 'an override may start from the built-in of its own name')
  t.equal(header('article'), 'public, max-age=300, s-maxage=3600', 'custom presets see overridden ones')
  t.equal(header('feed'), 'public, max-age=300, s-maxage=3600')
  t.same(table.get('feed')!.vary, ['Accept'])
  t.equal(header('base'), 'no-cache')
  t.equal(header('immutable'), 'public, max-age=31536000, immutable', 'built-ins stay')
  t.equal(compileCachePolicy(resolveCachePolicy({ preset: 'feed', maxAge: 1 }, table)).header, 'public, max-age=1, s-maxage=3600')

  const cases: Array<[unknown, string, RegExp]> = [
    [3, '', /object of named policies; got 3/],
    [[{}], '', /object of named policies/],
    [null, '', /got null/],
    [{ a: 'public' }, 'a', /must be a policy object; got 'public'/],
    [{ a: null }, 'a', /got null/],
    [{ a: { maxAge: -1 } }, 'a.maxAge', /got -1/],
    [{ a: { preset: 'b' }, b: { cdn: { maxAge: 'x' } } }, 'b.cdn.maxAge', /got 'x'/],
    [{ a: { preset: 'b' }, b: { preset: 'a' } }, 'a', /loop: a -> b -> a/],
    [{ a: { preset: 'nope' } }, 'a.preset', /not a known preset/],
    [{ a: { public: true, private: true } }, 'a.private', /exclude/],
  ]
  for (const [input, field, message] of cases) {
    t.throws(() => buildPresetTable(input), { field, message }, JSON.stringify(input))
  }
})

// ---- properties ----
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 }
const LIMIT = 2 ** 31
const flag = fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, fc.constant(false), fc.constant(true))
const rareTrue = fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: fc.constant(true), weight: 1 })
const unit = fc.constantFrom('s', 'm', 'h', 'd', 'w', 'y')
const duration = fc.option(fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: LIMIT }), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 100000 }), weight: 4 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 9999999999 }), unit).map(([n, u]) => `${n}${u}`), weight: 1 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 500 }), unit).map(([n, u]) => `${n}${u}`), weight: 4 }
), { nil: undefined, freq: 2 })
const AGE_KEYS = ['maxAge', 'sMaxAge', 'staleWhileRevalidate', 'staleIfError'] as const
const FLAG_KEYS = ['public', 'private', 'noCache', 'noTransform', 'mustRevalidate', 'proxyRevalidate', 'mustUnderstand', 'immutable'] as const
const policyArb = fc.record({
  public: flag,
  private: flag,
  noCache: flag,
  noStore: rareTrue,
  noTransform: flag,
  mustRevalidate: flag,
  proxyRevalidate: flag,
  mustUnderstand: flag,
  immutable: flag,
  maxAge: duration,
  sMaxAge: duration,
  staleWhileRevalidate: duration,
  staleIfError: duration,
  cdn: fc.option(fc.record({ maxAge: duration, sMaxAge: duration, staleWhileRevalidate: duration, staleIfError: duration, noStore: rareTrue }), { nil: undefined, freq: 2 }),
}, { requiredKeys: [] })

// An independent reading of the policy: seconds, and whether the rules let it through.
function expectSeconds (value: number | string | undefined): number | undefined | 'bad' {
  if (value === undefined) return undefined
  const seconds = typeof value === 'number' ? value : Number(value.slice(0, -1)) * UNIT[value.slice(-1)]
  return seconds <= LIMIT ? seconds : 'bad'
}
function expectation (policy: CachePolicy): { ok: boolean, directives: CacheDirectives, cdn: CacheDirectives } {
  const directives: Record<string, unknown> = {}
  const cdn: Record<string, unknown> = {}
  let ok = true
  for (const key of [...FLAG_KEYS, 'noStore'] as const) if (policy[key] === true) directives[key] = true
  for (const key of AGE_KEYS) {
    const s = expectSeconds(policy[key])
    if (s === 'bad') ok = false
    else if (s !== undefined) directives[key] = s
  }
  if (policy.cdn?.noStore === true) cdn.noStore = true
  for (const key of AGE_KEYS) {
    const s = expectSeconds(policy.cdn?.[key])
    if (s === 'bad') ok = false
    else if (s !== undefined) cdn[key] = s
  }
  const hasAge = AGE_KEYS.some(k => directives[k] !== undefined)
  const cdnHasAge = AGE_KEYS.some(k => cdn[k] !== undefined)
  if (directives.public === true && directives.private === true) ok = false
  if (directives.noStore === true && (directives.public === true || hasAge)) ok = false
  if (cdn.noStore === true && cdnHasAge) ok = false
  if ((directives.private === true || directives.noStore === true) && cdnHasAge && cdn.noStore !== true) ok = false
  return { ok, directives, cdn }
}

function semantics (header: string, shared: boolean, requestHeaders: Record<string, string> = {}) {
  return new CacheSemantics({ method: 'GET', url: '/', headers: requestHeaders }, { status: 200, headers: { 'cache-control': header } }, { shared })
}

test('property: accepted policies read back the same with our parser and with http-cache-semantics', async (t) => {
  let accepted = 0
  let refused = 0
  fc.assert(fc.property(policyArb, (policy) => {
    const expected = expectation(policy as CachePolicy)
    let compiled
    try {
      compiled = compileCachePolicy(resolveCachePolicy(policy, presets))
    } catch (error) {
      refused++
      return !expected.ok && error instanceof CachePolicyError
    }
    accepted++
    if (!expected.ok) return false
    const d = expected.directives
    // Our parser reads the header back to the same directives, the raw-string path gives the same policy.
    t.same(parseCacheControl(compiled.header), d)
    if (compiled.header !== '' && presets.get(compiled.header) === undefined) {
      t.equal(compileCachePolicy(resolveCachePolicy(compiled.header, presets)).header, compiled.header)
    }
    t.same(compiled.cdnHeader === undefined ? {} : parseCacheControl(compiled.cdnHeader), expected.cdn)

    // http-cache-semantics reads it the same way.
    const sharedCache = semantics(compiled.header, true)
    const privateCache = semantics(compiled.header, false)
    t.equal(sharedCache.storable(), d.noStore !== true && d.private !== true, 'storable by a shared cache')
    t.equal(privateCache.storable(), d.noStore !== true, 'storable by a private cache')
    // Without an age, http-cache-semantics gives immutable answers its immutableMinTimeToLive, as is (86400000).
    const immutableFloor = d.immutable === true ? 86400000 : 0
    const sharedAge = !sharedCache.storable() || d.noCache === true || d.proxyRevalidate === true ? 0 : d.sMaxAge ?? d.maxAge ?? immutableFloor
    const privateAge = !privateCache.storable() || d.noCache === true ? 0 : d.maxAge ?? immutableFloor
    t.equal(sharedCache.maxAge(), sharedAge, 'shared freshness: s-maxage, then max-age')
    t.equal(privateCache.maxAge(), privateAge, 'private freshness: max-age')
    t.equal(compiled.cookieRisk, sharedCache.storable())
    // With Authorization, a shared cache may store it exactly when authRisk says so.
    t.equal(semantics(compiled.header, true, { authorization: 'Bearer x' }).storable(), compiled.authRisk)

    // The private downgrade: never storable by a shared cache, same private freshness.
    t.equal(semantics(compiled.privateHeader, true).storable(), false)
    t.equal(semantics(compiled.privateHeader, false).maxAge(), privateAge)
    if (compiled.cookieRisk) {
      const downgraded = parseCacheControl(compiled.privateHeader)
      const expected: CacheDirectives = { ...d, private: true }
      delete expected.public
      delete expected.sMaxAge
      t.same(downgraded, expected, 'public and s-maxage dropped, the rest kept')
    } else {
      t.equal(compiled.privateHeader, compiled.header)
    }
    return true
  }), { numRuns: 400 })
  t.ok(accepted > 50 && refused > 20, `both outcomes exercised (${accepted} accepted, ${refused} refused)`)
})
