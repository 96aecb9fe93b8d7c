// lib/csv and lib/csv-columns checked against csv-parse (an independent RFC 4180 parser).
import { test } from 'tap'
import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { Type } from '@sinclair/typebox'
import { createCsvEncoder, encodeCsvRow, encodeCsvValue, checkDelimiter, numberText } from '../lib/csv.js'
import { columnsFromRow, columnsFromSchema, csvColumns, normalizeColumns } from '../lib/csv-columns.js'

const parseRows = (text: string, delimiter = ','): string[][] => parse(text, { delimiter, relax_column_count: false })

test('any text round-trips through csv-parse', (t) => {
  for (const delimiter of [',', ';', '\t', '|', ']', '^', '-', '\\']) {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }), (values) => {
      const line = encodeCsvRow(values, { delimiter, formulaEscape: false })
      // A single empty field is an empty line, which csv-parse skips: compare via two rows.
      const rows = parseRows(line + encodeCsvRow(values.map(() => 'z'), { delimiter }), delimiter)
      return JSON.stringify(rows[0]) === JSON.stringify(values)
    }), { numRuns: 300 })
  }
  t.pass('round-trips for every delimiter')
  t.end()
})

test('quoting of delimiter, quotes, CR and LF; CRLF line ends', (t) => {
  t.equal(encodeCsvRow(['a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', 'plain', ' spaced ']),
    '"a,b","say ""hi""","line\nbreak","cr\rhere",plain, spaced \r\n')
  t.equal(encodeCsvRow(['a;b', 'a,b'], { delimiter: ';' }), '"a;b";a,b\r\n')
  t.end()
})

test('values: null and undefined empty, Dates ISO 8601, numbers as they are, objects as JSON', (t) => {
  const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))
  t.equal(encodeCsvRow([null, undefined, date, new Date(NaN), 1.5, -5, 10n, true, false, { a: 1 }, [1, 'x'], () => 1, Symbol('s')]),
    ',,2026-01-02T03:04:05.006Z,,1.5,-5,10,true,false,"{""a"":1}","[1,""x""]",,\r\n')
  t.equal(encodeCsvValue({ toJSON: () => undefined }), '', 'an object whose JSON is nothing is empty')
  t.equal(encodeCsvValue(''), '')
  t.equal(encodeCsvRow([NaN, Infinity, -Infinity, -0, 1e21, 0.1 + 0.2]), 'NaN,Infinity,-Infinity,0,1e+21,0.30000000000000004\r\n', 'numbers read as String() writes them')
  t.end()
})

test('numbers are written as String() writes them, integers from the digit-group table', (t) => {
  fc.assert(fc.property(fc.oneof(fc.integer({ min: -2e9, max: 2e9 }), fc.double(), fc.constantFrom(0, -0, 999, 1000, 999_999, 1_000_000, 999_999_999, 1e9, -1e9, -999_999_999, NaN, Infinity, -Infinity)),
    (n) => numberText(n) === String(n)), { numRuns: 20000 })
  t.equal(numberText(-0), '0')
  t.equal(numberText(100_200_003), '100200003')
  t.end()
})

test('formula escaping: = + - @ tab CR get an apostrophe, numbers never do', (t) => {
  const cells = ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'a=b', "'quoted", '=HYPERLINK("http://evil")']
  const line = encodeCsvRow([...cells, -1])
  const [parsed] = parseRows(line)
  t.same(parsed, ["'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", 'a=b', "'quoted", '\'=HYPERLINK("http://evil")', '-1'])
  t.equal(encodeCsvValue('=1', { formulaEscape: false }), '=1', 'off when asked')
  t.equal(encodeCsvValue('=1', {}), "'=1", 'on by default')
  t.end()
})

test('recordEncoder() writes only the given keys, in their order, whatever the keys are', (t) => {
  const encoder = createCsvEncoder({ delimiter: ';' })
  t.equal(encoder.recordEncoder(['a', 'b'])({ b: 2, a: 1, secret: 'x' }), '1;2\r\n')
  t.equal(encoder.recordEncoder(['a'])({}), '\r\n')
  t.equal(encoder.recordEncoder([])({ a: 1 }), '\r\n', 'no keys: an empty line')
  const odd = ['"]) + process.exit(1) + (["', '\\', '\u2028', "'", '__proto__', 'constructor']
  t.equal(encoder.recordEncoder(odd)({ [odd[0]]: 'x', '\\': 'y', '\u2028': 'z', "'": 'q' }), 'x;y;z;q;{};\r\n', 'keys are data, never code')
  t.end()
})

test('the compiled-record cache stays bounded', (t) => {
  const encoder = createCsvEncoder()
  const wrong: number[] = []
  for (let i = 0; i < 1005; i++) if (encoder.recordEncoder([`k${i}`])({ [`k${i}`]: i }) !== `${i}\r\n`) wrong.push(i)
  t.same(wrong, [], 'every column list, before and after the cache is cleared, writes its own row')
  t.end()
})

test('bad delimiters are refused', (t) => {
  for (const delimiter of ['"', '\r', '\n', '', ';;', 1]) {
    t.throws(() => checkDelimiter(delimiter), { code: 'FST_REPLYKIT_BAD_OPTION' }, JSON.stringify(delimiter))
  }
  t.throws(() => createCsvEncoder({ delimiter: '"' }), { code: 'FST_REPLYKIT_BAD_OPTION', message: /csv delimiter/ })
  t.end()
})

test('columns from a schema (its order, cached), from columns, from the first row', (t) => {
  const schema = Type.Object({ id: Type.Number(), name: Type.String(), when: Type.String() })
  const columns = columnsFromSchema(schema)
  t.same(columns.map(c => c.key), ['id', 'name', 'when'])
  t.equal(columnsFromSchema(schema), columns, 'computed once per schema')
  t.throws(() => columnsFromSchema(Type.Object({})), { code: 'FST_REPLYKIT_BAD_OPTION' })
  t.throws(() => columnsFromSchema({ type: 'object' } as never), { code: 'FST_REPLYKIT_BAD_OPTION' })
  t.throws(() => columnsFromSchema(Type.String() as never), { code: 'FST_REPLYKIT_BAD_OPTION' })

  t.same(normalizeColumns(['a', { key: 'b', header: 'Bee' }]), [{ key: 'a', header: 'a' }, { key: 'b', header: 'Bee' }])
  for (const bad of [[], 'a', [''], [{ key: 'a' }], [null], [{ key: 1, header: 'x' }]]) {
    t.throws(() => normalizeColumns(bad as never), { code: 'FST_REPLYKIT_BAD_OPTION' }, JSON.stringify(bad))
  }

  t.same(columnsFromRow({ x: 1, y: 2 }), [{ key: 'x', header: 'x' }, { key: 'y', header: 'y' }])
  t.equal(columnsFromRow([1, 2]), undefined)
  t.equal(columnsFromRow(undefined), undefined)
  t.equal(columnsFromRow(null), undefined)

  t.equal(csvColumns({}), undefined)
  t.equal(csvColumns({ schema }), columns)
  t.same(csvColumns({ schema, columns: ['name', { key: 'id', header: 'ID' }] }), [{ key: 'name', header: 'name' }, { key: 'id', header: 'ID' }])
  t.throws(() => csvColumns({ schema, columns: ['name', 'password'] }), { code: 'FST_REPLYKIT_BAD_OPTION', message: /"password" is not a property of the schema/ })
  t.same(csvColumns({ columns: ['q'] }), [{ key: 'q', header: 'q' }])
  t.end()
})
