import { test } from 'tap'
import { CachePolicyError, buildCacheControl, checkDirectives, parseCacheControl } from '../lib/cache-control.js'

test('buildCacheControl: every directive, in a fixed order, false and undefined left out', async (t) => {
  t.equal(buildCacheControl({}), '')
  t.equal(buildCacheControl({ maxAge: 60, public: true }), 'public, max-age=60')
  t.equal(buildCacheControl({
    immutable: true,
    noTransform: true,
    mustUnderstand: true,
    proxyRevalidate: true,
    mustRevalidate: true,
    staleIfError: 4,
    staleWhileRevalidate: 3,
    sMaxAge: 2,
    maxAge: 0,
    noCache: true,
    public: true,
    private: false,
    noStore: undefined,
  }), 'public, no-cache, max-age=0, s-maxage=2, stale-while-revalidate=3, stale-if-error=4, must-revalidate, proxy-revalidate, must-understand, no-transform, immutable')
  t.equal(buildCacheControl({ private: true, noStore: true }), 'private, no-store')
})

test('parseCacheControl: names case-insensitive, quoted ages, empty members, whitespace', async (t) => {
  t.same(parseCacheControl('Public, MAX-AGE=60'), { public: true, maxAge: 60 })
  t.same(parseCacheControl(' private ,, no-store ,'), { private: true, noStore: true })
  t.same(parseCacheControl('s-maxage="30", stale-while-revalidate = 5'), { sMaxAge: 30, staleWhileRevalidate: 5 })
  t.same(parseCacheControl('no-cache, no-transform, must-revalidate, proxy-revalidate, must-understand, immutable, stale-if-error=1'), {
    noCache: true, noTransform: true, mustRevalidate: true, proxyRevalidate: true, mustUnderstand: true, immutable: true, staleIfError: 1,
  })
  t.same(parseCacheControl(''), {})
  t.same(parseCacheControl('max-age=2147483648'), { maxAge: 2147483648 })
})

test('parseCacheControl: strict on what developers write', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['pubic', 'pubic', /not a known Cache-Control response directive/],
    ['max-stale=5', 'max-stale', /not a known/],
    ['public, public', 'public', /repeated/],
    ['max-age=1, MAX-AGE=2', 'max-age', /repeated/],
    ['private="set-cookie"', 'private', /takes no value/],
    ['no-cache=', 'no-cache', /takes no value/],
    ['max-age', 'max-age', /whole number of seconds.*got ''/],
    ['max-age=', 'max-age', /got ''/],
    ['max-age=-1', 'max-age', /got '-1'/],
    ['max-age=1.5', 'max-age', /got '1.5'/],
    ['max-age=1e3', 'max-age', /got '1e3'/],
    ['max-age=abc', 'max-age', /got 'abc'/],
    ['max-age="', 'max-age', /got '"'/],
    ['s-maxage=2147483649', 's-maxage', /got '2147483649'/],
    ['max-age=12345678901', 'max-age', /got/],
  ]
  for (const [header, field, message] of cases) {
    t.throws(() => parseCacheControl(header), new CachePolicyError(field, ''), header)
    t.throws(() => parseCacheControl(header), { field, message }, header)
  }
})

test('checkDirectives: the rules between directives', async (t) => {
  t.equal(checkDirectives({ public: true, maxAge: 60 }), undefined)
  t.equal(checkDirectives({ private: true, noStore: true }), undefined)
  t.equal(checkDirectives({ noStore: true, noCache: true, public: false }), undefined)
  t.equal(checkDirectives({ public: true, private: true })?.field, 'private')
  t.equal(checkDirectives({ public: true, noStore: true })?.field, 'noStore')
  for (const key of ['maxAge', 'sMaxAge', 'staleWhileRevalidate', 'staleIfError'] as const) {
    const problem = checkDirectives({ noStore: true, [key]: 0 }, 'cdn.')
    t.equal(problem?.field, `cdn.${key}`)
    t.match(problem?.message, /nothing may be stored/)
  }
})
