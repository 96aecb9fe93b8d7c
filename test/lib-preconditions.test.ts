// The pure parts of conditional requests and multipart ranges: HTTP-dates, entity-tag lists, the
// RFC 9110 section 13.2.2 evaluation (with its hostile inputs), validators, range plans and slicing.
import { test } from 'tap'
import fc from 'fast-check'
import { formatHttpDate, parseHttpDate, parseTimestamp, toSeconds } from '../lib/http-date.js'
import { evaluatePreconditions, parseEntityTag, parseTagList, strongMatch, weakMatch } from '../lib/preconditions.js'
import { normalizeEtag, normalizeLastModified, normalizeValidators } from '../lib/validators.js'
import { coalesceRanges, MAX_PARTS, multipartBody, planRanges } from '../lib/multipart-ranges.js'
import { exactLength, readFileRanges, sliceSource } from '../lib/file-stream.js'
import { open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { tempDir } from './helpers/temp.js'
import { contentEtag, contentEtagCache } from '../lib/content-etag.js'

async function collect<T> (iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of iterable) items.push(item)
  return items
}

const T = Date.UTC(1994, 10, 6, 8, 49, 37)

test('HTTP-dates: the three forms of RFC 9110, nothing else', async (t) => {
  t.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'), T)
  t.equal(parseHttpDate('  Sun, 06 Nov 1994 08:49:37 GMT '), T, 'surrounding whitespace')
  t.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT'), T, 'RFC 850')
  t.equal(parseHttpDate('Sun Nov  6 08:49:37 1994'), T, 'asctime')
  t.equal(parseHttpDate('Thursday, 01-Jan-70 00:00:00 GMT'), Date.UTC(2070, 0, 1), 'a two-digit year within 50 years ahead')
  t.equal(parseHttpDate('Friday, 01-Jan-99 00:00:00 GMT'), Date.UTC(1999, 0, 1), 'further ahead: the past century')
  for (const bad of ['', 'garbage', '2024-01-01', '1994', 'Sun, 06 Nov 1994 08:49:37', 'Sun, 06 Nov 1994 08:49:37 UTC',
    'Sun, 6 Nov 1994 08:49:37 GMT', 'Sun, 31 Feb 1994 08:49:37 GMT', 'Sun, 00 Nov 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 24:00:00 GMT',
    'Sun, 06 Nov 1994 08:60:00 GMT', 'Sun, 06 Nov 1994 08:49:60 GMT', 'sun, 06 nov 1994 08:49:37 gmt', 'Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT']) {
    t.equal(parseHttpDate(bad), undefined, JSON.stringify(bad))
  }
  t.equal(formatHttpDate(T), 'Sun, 06 Nov 1994 08:49:37 GMT')
  t.equal(toSeconds(T + 999), T)
  fc.assert(fc.property(fc.integer({ min: 0, max: 253402300799 }), (seconds) => parseHttpDate(formatHttpDate(seconds * 1000)) === seconds * 1000))
})

test('formatHttpDate writes what toUTCString writes, for every time', async (t) => {
  const limit = 8.64e15 // Date's own range
  fc.assert(fc.property(fc.integer({ min: -limit, max: limit }), (millis) => formatHttpDate(millis) === new Date(millis).toUTCString()), { numRuns: 20000 })
  fc.assert(fc.property(fc.integer({ min: -62167219200000, max: 253402300799999 }), (millis) => formatHttpDate(millis) === new Date(millis).toUTCString()), { numRuns: 20000 })
  for (const millis of [0, -1, -62167219200000, -62167219200001, 253402300799999, 253402300800000, Number.NaN]) {
    t.equal(formatHttpDate(millis), new Date(millis).toUTCString(), `at ${millis}`)
  }
})

test('parseTimestamp reads what Date.parse reads, the usual database form without its parser', async (t) => {
  const iso = fc.integer({ min: 0, max: 253402300799999 }).chain(millis => fc.constantFrom(19, 21, 22, 23).map(cut => {
    const text = new Date(millis).toISOString()
    return cut === 23 ? text : `${text.slice(0, cut)}Z`
  }))
  fc.assert(fc.property(iso, (text) => Object.is(parseTimestamp(text), Date.parse(text))), { numRuns: 20000 })
  // Near misses, out-of-range fields and other forms: Date.parse's answer, whatever it is.
  const mangled = fc.tuple(iso, fc.nat(23), fc.constantFrom('9', '0', '3', 'x', '-', ':', '.', 'Z', ' ')).map(([text, at, c]) => text.slice(0, at) + c + text.slice(at + 1))
  fc.assert(fc.property(mangled, (text) => Object.is(parseTimestamp(text), Date.parse(text))), { numRuns: 20000 })
  for (const text of ['2026-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z', '2026-02-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z',
    '2026-01-00T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:60:00Z', '2026-01-01T00:00:60Z', '2026-01-01T00:00:00.Z',
    '2026-01-01T00:00:00.1234Z', '2026-01-01 00:00:00Z', '0000-01-01T00:00:00Z', '0099-12-31T23:59:59.999Z', '0100-01-01T00:00:00Z', '2026-01-01T00:00:00+01:00', '+002026-01-01T00:00:00Z', 'x'.repeat(20), '']) {
    t.ok(Object.is(parseTimestamp(text), Date.parse(text)), JSON.stringify(text))
  }
  t.equal(parseTimestamp('1994-11-06T08:49:37.250Z'), T + 250)
})

test('entity-tags and lists', async (t) => {
  t.same(parseEntityTag('"a"'), { weak: false, opaque: 'a' })
  t.same(parseEntityTag('W/"a"'), { weak: true, opaque: 'a' })
  t.same(parseEntityTag('""'), { weak: false, opaque: '' })
  for (const bad of ['a', '"a', 'a"', 'w/"a"', '"a b"', '"a"b"']) t.equal(parseEntityTag(bad), undefined, bad)
  t.equal(parseTagList('*'), '*')
  t.equal(parseTagList(' * '), '*')
  t.same(parseTagList('"a", W/"b" ,"c"'), [{ weak: false, opaque: 'a' }, { weak: true, opaque: 'b' }, { weak: false, opaque: 'c' }])
  t.same(parseTagList(['"a"', '"b"']), [{ weak: false, opaque: 'a' }, { weak: false, opaque: 'b' }], 'repeated header lines')
  t.same(parseTagList('"a,b"'), [{ weak: false, opaque: 'a,b' }], 'a comma inside a tag')
  for (const bad of ['', ',', 'a', '"a", *', '*, "a"', '"a" "b"', '"a', 'W/a', '"a b"', '"a";x']) {
    t.equal(parseTagList(bad), undefined, `${JSON.stringify(bad)} is malformed`)
  }
  t.ok(strongMatch({ weak: false, opaque: 'a' }, { weak: false, opaque: 'a' }))
  t.notOk(strongMatch({ weak: true, opaque: 'a' }, { weak: false, opaque: 'a' }))
  t.notOk(strongMatch({ weak: false, opaque: 'a' }, { weak: true, opaque: 'a' }))
  t.ok(weakMatch({ weak: true, opaque: 'a' }, { weak: false, opaque: 'a' }))
  t.notOk(weakMatch({ weak: false, opaque: 'a' }, { weak: false, opaque: 'b' }))
})

test('preconditions in RFC 9110 section 13.2.2 order', async (t) => {
  const now = { etag: '"v2"', lastModified: T }
  const weakNow = { etag: 'W/"v2"', lastModified: T }
  const before = 'Sat, 05 Nov 1994 08:49:37 GMT'
  const same = 'Sun, 06 Nov 1994 08:49:37 GMT'
  const cases: Array<[string, Record<string, string>, object, string, string]> = [
    ['GET', {}, now, 'proceed', 'no conditions'],
    ['GET', { 'if-match': '"v2"' }, now, 'proceed', 'If-Match matches'],
    ['PUT', { 'if-match': '"v1"' }, now, 'precondition-failed', 'a stale If-Match'],
    ['PUT', { 'if-match': '"v1", "v2"' }, now, 'proceed', 'a list'],
    ['PUT', { 'if-match': 'W/"v2"' }, now, 'precondition-failed', 'a weak tag never matches (strong comparison)'],
    ['PUT', { 'if-match': '"v2"' }, weakNow, 'precondition-failed', 'nor does a weak current tag'],
    ['PUT', { 'if-match': 'v2' }, now, 'precondition-failed', 'an unquoted tag is malformed: no match'],
    ['PUT', { 'if-match': '"v2", *' }, now, 'precondition-failed', 'a * inside a list is malformed'],
    ['PUT', { 'if-match': '*' }, now, 'proceed', '* matches a current representation'],
    ['PUT', { 'if-match': '*' }, { exists: false }, 'precondition-failed', '* with none'],
    ['PUT', { 'if-match': '"v2"' }, { lastModified: T }, 'precondition-failed', 'no current ETag'],
    ['PUT', { 'if-match': '"v2"', 'if-unmodified-since': before }, now, 'proceed', 'If-Unmodified-Since ignored beside If-Match'],
    ['PUT', { 'if-unmodified-since': before }, now, 'precondition-failed', 'modified since'],
    ['PUT', { 'if-unmodified-since': same }, now, 'proceed', 'not modified since'],
    ['PUT', { 'if-unmodified-since': 'yesterday' }, now, 'proceed', 'a malformed date is ignored'],
    ['PUT', { 'if-unmodified-since': before }, { etag: '"v2"' }, 'proceed', 'no Last-Modified: ignored'],
    ['GET', { 'if-none-match': '"v2"' }, now, 'not-modified', 'If-None-Match matches'],
    ['HEAD', { 'if-none-match': 'W/"v2"' }, now, 'not-modified', 'weak comparison'],
    ['GET', { 'if-none-match': '"v1", W/"v2"' }, now, 'not-modified', 'in a list'],
    ['GET', { 'if-none-match': '*' }, now, 'not-modified', '*'],
    ['GET', { 'if-none-match': '*' }, { exists: false }, 'proceed', '* with no representation'],
    ['GET', { 'if-none-match': '"v1", *' }, now, 'proceed', 'a * in a list is malformed: no 304'],
    ['GET', { 'if-none-match': 'v2' }, now, 'proceed', 'unquoted: no 304'],
    ['PUT', { 'if-none-match': '*' }, now, 'precondition-failed', 'a match on another method is 412'],
    ['PUT', { 'if-none-match': '*' }, { exists: false }, 'proceed', 'create-only PUT'],
    ['GET', { 'if-none-match': '"v1"', 'if-modified-since': same }, now, 'proceed', 'If-Modified-Since ignored beside If-None-Match'],
    ['GET', { 'if-modified-since': same }, now, 'not-modified', 'not modified since'],
    ['GET', { 'if-modified-since': before }, now, 'proceed', 'modified since'],
    ['GET', { 'if-modified-since': 'Sun, 06 Nov 1994 08:49:37' }, now, 'proceed', 'malformed: ignored'],
    ['GET', { 'if-modified-since': same }, { etag: '"v2"' }, 'proceed', 'no Last-Modified'],
    ['GET', { 'if-modified-since': same }, { exists: false }, 'proceed', 'no representation'],
    ['POST', { 'if-modified-since': same }, now, 'proceed', 'GET and HEAD only'],
    ['GET', { 'if-match': '"v1"', 'if-none-match': '"v2"' }, now, 'precondition-failed', 'If-Match first'],
  ]
  for (const [method, headers, current, outcome, why] of cases) {
    t.equal(evaluatePreconditions(method, headers, current), outcome, `${method} ${JSON.stringify(headers)}: ${why}`)
  }
  t.equal(evaluatePreconditions('GET', { 'if-modified-since': [same, same] }, now), 'proceed', 'several members: ignored')
})

test('validators from the application', async (t) => {
  t.equal(normalizeEtag('"v42"'), '"v42"')
  t.equal(normalizeEtag('W/"v42"'), 'W/"v42"')
  t.equal(normalizeEtag('v42'), '"v42"', 'a bare tag is quoted')
  for (const bad of ['', 'W/v42', 'a b', '"a', 42, null]) t.throws(() => normalizeEtag(bad), /etag must be an entity-tag/, JSON.stringify(bad))
  // Taken as it is exactly when preconditions.ts reads it as an entity-tag.
  const given = (tag: string): boolean => { try { return normalizeEtag(tag) === tag } catch { return false } }
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('W', '/', '"', 'a', ' ', '\u00e9', '\u0100', '\t', '!'), maxLength: 8 }),
    (tag) => given(tag) === (parseEntityTag(tag) !== undefined)), { numRuns: 5000 })
  t.equal(normalizeLastModified(new Date(T + 500)), T)
  t.equal(normalizeLastModified(T + 999), T)
  t.equal(normalizeLastModified('1994-11-06T08:49:37.250Z'), T)
  for (const bad of [new Date('x'), NaN, Infinity, 'not a date', true, {}]) t.throws(() => normalizeLastModified(bad), /lastModified must be/)
  t.same(normalizeValidators(null), { exists: false })
  t.same(normalizeValidators(undefined), { exists: false })
  t.same(normalizeValidators({}), {})
  t.same(normalizeValidators({ etag: 'x', lastModified: T }), { etag: '"x"', lastModified: T })
  for (const bad of [42, 'x', [1]]) t.throws(() => normalizeValidators(bad), /validators must be an object/)
})

test('range plans: coalesced, at most 16 parts, never more than the content', async (t) => {
  const size = 10_000
  t.same(planRanges('bytes=0-9', size, 'text/plain'), { kind: 'single', range: { start: 0, end: 9 } })
  t.same(planRanges('bytes=x', size, 'text/plain'), { kind: 'whole' })
  t.same(planRanges(`bytes=${size}-`, size, 'text/plain'), { kind: 'unsatisfiable' })
  t.same(planRanges('bytes=0-9,20-29', size, 'text/plain'), { kind: 'single', range: { start: 0, end: 29 } }, 'a gap smaller than a part header is sent')
  const overlapping = 'bytes=' + Array.from({ length: 200 }, (_, i) => `${i}-${i + 50}`).join(',')
  t.same(planRanges(overlapping, size, 'text/plain'), { kind: 'single', range: { start: 0, end: 249 } }, '200 overlapping ranges are one')
  const plan = planRanges('bytes=0-0,-1', size, 'text/plain', 'BOUNDARY')
  t.equal(plan.kind, 'multipart')
  if (plan.kind === 'multipart') {
    t.equal(plan.plan.contentType, 'multipart/byteranges; boundary=BOUNDARY')
    t.same(plan.plan.parts.map(p => p.range), [{ start: 0, end: 0 }, { start: size - 1, end: size - 1 }])
    t.equal(plan.plan.parts[0]!.head.toString(), '--BOUNDARY\r\ncontent-type: text/plain\r\ncontent-range: bytes 0-0/10000\r\n\r\n')
    t.equal(plan.plan.parts[1]!.head.toString(), '\r\n--BOUNDARY\r\ncontent-type: text/plain\r\ncontent-range: bytes 9999-9999/10000\r\n\r\n')
    t.equal(plan.plan.tail.toString(), '\r\n--BOUNDARY--\r\n')
    const body = Buffer.concat(await collect(multipartBody(plan.plan, (async function * () { yield Buffer.from('a'); yield Buffer.from('z') })())))
    t.equal(body.length, plan.plan.length, 'Content-Length is the body length')
    await t.rejects(collect(multipartBody(plan.plan, (async function * () { yield Buffer.from('a') })())), /ended before the last range/)
  }
  t.same(planRanges('bytes=0-0,-1', 20, 'text/plain'), { kind: 'single', range: { start: 0, end: 19 } }, 'a gap cheaper than a part')
  t.same(planRanges('bytes=0-0,-1', 100, 'text/plain'), { kind: 'whole' }, 'framing larger than a small file: the file')
  const short = { contentType: 'x', parts: [{ range: { start: 0, end: 3 }, head: Buffer.from('h') }], tail: Buffer.from('t'), length: 6 }
  await t.rejects(collect(multipartBody(short, (async function * () { yield Buffer.from('ab') })())), /ended before the last range/, 'a part cut short')
  const far = (n: number) => 'bytes=' + Array.from({ length: n }, (_, i) => `${i * 500}-${i * 500}`).join(',')
  t.equal(planRanges(far(MAX_PARTS), size, 'a/b').kind, 'multipart')
  t.same(planRanges(far(MAX_PARTS + 1), size, 'a/b'), { kind: 'whole' }, 'more than 16 parts')
  t.same(planRanges('bytes=' + Array.from({ length: 300 }, () => '0-0').join(','), size, 'a/b'), { kind: 'whole' }, 'too many specs: ignored')
  t.same(coalesceRanges([{ start: 0, end: 1 }, { start: 5, end: 6 }], 4), [{ start: 0, end: 6 }], 'a gap of 3 under 4')
  t.same(coalesceRanges([{ start: 0, end: 1 }, { start: 5, end: 6 }], 3), [{ start: 0, end: 1 }, { start: 5, end: 6 }])
  // Whatever the header, the answer never carries more bytes than the content.
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(12_000), fc.nat(12_000)), { minLength: 1, maxLength: 40 }), (pairs) => {
    const header = 'bytes=' + pairs.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`).join(',')
    const result = planRanges(header, size, 'a/b')
    if (result.kind === 'multipart') return result.plan.length <= size && result.plan.parts.length <= MAX_PARTS
    if (result.kind === 'single') return result.range.end < size
    return true
  }))
})

test('sliceSource and exactLength', async (t) => {
  const source = async function * () { yield 'abc'; yield new Uint8Array([100, 101, 102]); yield Buffer.from('ghij') }
  const text = async (iterable: AsyncIterable<Buffer>) => Buffer.concat(await collect(iterable)).toString()
  t.equal(await text(sliceSource(source(), [{ start: 1, end: 1 }, { start: 2, end: 4 }, { start: 8, end: 9 }])), 'bcdeij')
  const chunks = await collect(sliceSource(source(), [{ start: 1, end: 1 }, { start: 2, end: 4 }]))
  t.same(chunks.map(c => c.toString()), ['b', 'c', 'de'], 'no chunk spans two ranges')
  let finished = false
  const endless = async function * () { try { while (true) yield 'x' } finally { finished = true } }
  t.equal(await text(sliceSource(endless(), [{ start: 0, end: 2 }])), 'xxx')
  t.ok(finished, 'the source is stopped after the last range')
  t.equal(await text(sliceSource(source(), [])), '')
  t.equal(await text(exactLength(sliceSource(source(), [{ start: 0, end: 9 }]), 10)), 'abcdefghij')
  await t.rejects(text(exactLength(sliceSource(source(), [{ start: 0, end: 19 }]), 20)), /ended after 10 of its 20 bytes/)
})

test('readFileRanges reads ranges through one descriptor and closes it', async (t) => {
  const path = join(await tempDir(t, 'ranges-'), 'f.txt')
  await writeFile(path, '0123456789')
  const text = async (iterable: AsyncIterable<Buffer>) => Buffer.concat(await collect(iterable)).toString()
  t.equal(await text(readFileRanges(await open(path, 'r'), [{ start: 0, end: 1 }, { start: 8, end: 9 }])), '0189')
  const handle = await open(path, 'r')
  await t.rejects(text(readFileRanges(handle, [{ start: 5, end: 19 }])), /the file shrank/, 'a file shorter than its ranges')
  await t.rejects(handle.stat(), 'the descriptor is closed')
})

test('content ETags: strong, from the bytes, hashed once per (path, size, mtime)', async (t) => {
  t.match(contentEtag(Buffer.from('x')), /^"[A-Za-z0-9_-]{43}"$/)
  t.equal(contentEtag(Buffer.from('x')), contentEtag(new Uint8Array([0x78])))
  let hashed = 0
  const cache = contentEtagCache(2, async (path) => {
    hashed++
    if (path === 'bad') throw new Error('EIO')
    return `"${path}"`
  })
  t.equal(await cache('a', 1, 1), '"a"')
  t.equal(await cache('a', 1, 1), '"a"')
  t.equal(hashed, 1)
  await cache('a', 1, 2)
  t.equal(hashed, 2, 'a new mtime is hashed again')
  await cache('b', 1, 1)
  await cache('a', 1, 1)
  t.equal(hashed, 4, 'the oldest entry left the bounded cache')
  await t.rejects(cache('bad', 1, 1), /EIO/)
  await t.rejects(cache('bad', 1, 1), /EIO/)
  t.equal(hashed, 6, 'a failure is not kept')
})
