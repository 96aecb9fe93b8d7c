// parseRange, ifRangeHolds and contentRange (RFC 9110 sections 14 and 13.1.5).
import { test } from 'tap'
import fc from 'fast-check'
import { contentRange, ifRangeHolds, mergeRanges, parseRange } from '../lib/range.js'

test('valid ranges, clamped to the content', async (t) => {
  t.same(parseRange('bytes=0-9', 100), [{ start: 0, end: 9 }])
  t.same(parseRange('bytes=90-', 100), [{ start: 90, end: 99 }])
  t.same(parseRange('bytes=-10', 100), [{ start: 90, end: 99 }])
  t.same(parseRange('bytes=-1000', 100), [{ start: 0, end: 99 }])
  t.same(parseRange('bytes=50-1000', 100), [{ start: 50, end: 99 }])
  t.same(parseRange('bytes=0-' + '9'.repeat(400), 100), [{ start: 0, end: 99 }], 'a huge last-pos')
  t.same(parseRange('Bytes=00-01', 100), [{ start: 0, end: 1 }], 'unit case-insensitive, leading zeros are digits')
  t.same(parseRange('bytes= 0-1 ,\t2-3', 100), [{ start: 0, end: 3 }], 'whitespace around list elements')
})

test('overlapping and touching ranges are merged; disjoint ones stay apart', async (t) => {
  t.same(parseRange('bytes=0-5,3-10', 100), [{ start: 0, end: 10 }])
  t.same(parseRange('bytes=20-30,0-9,10-19', 100), [{ start: 0, end: 30 }])
  t.same(parseRange('bytes=0-50,10-20', 100), [{ start: 0, end: 50 }])
  t.same(parseRange('bytes=0-1,5-6', 100), [{ start: 0, end: 1 }, { start: 5, end: 6 }])
  t.same(parseRange('bytes=-5,0-0', 100), [{ start: 0, end: 0 }, { start: 95, end: 99 }])
  const input = [{ start: 5, end: 6 }, { start: 0, end: 1 }]
  mergeRanges(input)
  t.same(input, [{ start: 5, end: 6 }, { start: 0, end: 1 }], 'the input is not changed')
})

test('invalid headers are ignored (undefined)', async (t) => {
  for (const header of ['bytes=01a-5', 'bytes=--1', 'bytes=5-1', 'bytes=', 'bytes=-', 'bytes=,', 'bytes=1-2-3', 'bytes=a-b',
    'bytes=1.5-2', 'bytes=+1-2', 'bytes=0x1-2', 'bytes = 0-1', ' bytes=0-1', 'items=0-1', 'bytes', '=0-1', 'bytes=0-1,x']) {
    t.equal(parseRange(header, 100), undefined, header)
  }
})

test('more than maxRanges range-specs: ignored', async (t) => {
  const specs = (n: number) => 'bytes=' + Array.from({ length: n }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',')
  t.equal(parseRange(specs(16), 1000)?.length, 16)
  t.equal(parseRange(specs(17), 1000), undefined)
  t.equal(parseRange(specs(3), 1000, { maxRanges: 2 }), undefined)
  t.equal(parseRange('bytes=0-0,0-0,0-0', 1000, { maxRanges: 2 }), undefined, 'counted before merging')
})

test('unsatisfiable ranges', async (t) => {
  t.equal(parseRange('bytes=100-', 100), 'unsatisfiable')
  t.equal(parseRange('bytes=100-200,300-400', 100), 'unsatisfiable')
  t.equal(parseRange('bytes=-0', 100), 'unsatisfiable')
  t.equal(parseRange('bytes=0-', 0), 'unsatisfiable', 'an empty file has no bytes to range over')
  t.equal(parseRange('bytes=-5', 0), 'unsatisfiable')
  t.same(parseRange('bytes=100-200,0-0', 100), [{ start: 0, end: 0 }], 'satisfiable ones are kept')
})

test('never more bytes than the content, whatever the header', async (t) => {
  const spec = fc.oneof(
    fc.tuple(fc.nat(300), fc.option(fc.nat(300))).map(([a, b]) => `${a}-${b ?? ''}`),
    fc.nat(300).map((n) => `-${n}`),
    fc.string({ maxLength: 6 })
  )
  fc.assert(fc.property(fc.array(spec, { maxLength: 20 }), fc.nat(200), (specs, size) => {
    const result = parseRange('bytes=' + specs.join(','), size)
    if (result === undefined || result === 'unsatisfiable') return true
    let total = 0
    let previousEnd = -2
    for (const range of result) {
      if (range.start < 0 || range.end >= size || range.start > range.end || range.start <= previousEnd + 1) return false
      previousEnd = range.end
      total += range.end - range.start + 1
    }
    return total <= size
  }), { numRuns: 3000 })
  t.pass('3000 random headers')
})

test('If-Range: strong comparison only', async (t) => {
  const lastModified = 'Tue, 02 Jan 2024 03:04:05 GMT'
  const validators = { etag: '"abc"', lastModified, now: Date.parse(lastModified) + 5000 }
  t.equal(ifRangeHolds('"abc"', validators), true)
  t.equal(ifRangeHolds(' "abc" ', validators), true)
  t.equal(ifRangeHolds('"abd"', validators), false)
  t.equal(ifRangeHolds('W/"abc"', validators), false, 'a weak tag never matches')
  t.equal(ifRangeHolds('"abc"', { ...validators, etag: 'W/"abc"' }), false, 'nor does a weak ETag')
  t.equal(ifRangeHolds('"abc"', { lastModified }), false, 'no ETag')
  t.equal(ifRangeHolds(lastModified, validators), true, 'the exact date')
  t.equal(ifRangeHolds('Tuesday, 02-Jan-24 03:04:05 GMT', validators), true, 'the same instant in another date format')
  t.equal(ifRangeHolds('Tue, 02 Jan 2024 03:04:06 GMT', validators), false, 'a later date is not an exact match')
  t.equal(ifRangeHolds('Tue, 02 Jan 2024 03:04:04 GMT', validators), false)
  t.equal(ifRangeHolds('garbage', validators), false)
  t.equal(ifRangeHolds(lastModified, { etag: '"abc"' }), false, 'no Last-Modified')
  t.equal(ifRangeHolds(lastModified, { lastModified, now: Date.parse(lastModified) + 999 }), false,
    'a Last-Modified within the second of the response is weak')
  t.equal(ifRangeHolds(lastModified, { lastModified, now: Date.parse(lastModified) + 1000 }), true)
  t.equal(ifRangeHolds(lastModified, { lastModified }), true, 'now by default')
})

test('contentRange', async (t) => {
  t.equal(contentRange(1234), 'bytes */1234')
  t.equal(contentRange(1234, { start: 0, end: 99 }), 'bytes 0-99/1234')
})
