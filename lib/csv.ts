// CSV per RFC 4180: fields holding the delimiter, a quote, CR or LF are quoted (quotes doubled),
// rows end in CRLF. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a
// leading apostrophe, the OWASP "CSV injection" defence; numbers are never touched (-5 stays -5).
import { ReplyKitBadOptionError } from './errors.js'

export interface CsvFormat {
  /** One character, not a quote, CR or LF; default ','. */
  delimiter?: string
  /** Prefix formula-like text cells with `'`; default true. */
  formulaEscape?: boolean
}

export interface CsvEncoder {
  /** One field, quoted and escaped as needed. */
  value: (value: unknown) => string
  /** One row of values, with its CRLF. */
  row: (values: readonly unknown[]) => string
  /** A function writing the values of `keys` of an object, as one row with its CRLF. */
  recordEncoder: (keys: readonly string[]) => (record: Record<string, unknown>) => string
}

const EQUALS = 61
const PLUS = 43
const MINUS = 45
const AT = 64
const TAB = 9
const CR = 13

/** Checks a delimiter: one character that cannot be confused with quoting or line breaks. */
export function checkDelimiter (delimiter: unknown): string {
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new ReplyKitBadOptionError('csv delimiter', `must be one character other than a quote, CR or LF, got ${JSON.stringify(delimiter)}`)
  }
  return delimiter
}

// Numbers are written without V8's number-to-string cache (String(n), '' + n), whose entries outlive
// young collections and made the heap (and RSS) of a long export grow with its length. Integers
// below 10^9 (ids, counts) come from a table of three-digit groups, built on first use; other
// finite numbers from JSON.stringify, which writes them as String() does, at a higher price per call.
let smallInts: string[] | undefined // '0' ... '999'
let digitGroups: string[] | undefined // '000' ... '999'

function integerText (n: number): string {
  smallInts ??= Array.from({ length: 1000 }, (_, i) => JSON.stringify(i))
  digitGroups ??= smallInts.map(text => text.padStart(3, '0'))
  if (n < 1000) return smallInts[n]
  const low = n % 1000
  const rest = (n - low) / 1000
  if (rest < 1000) return smallInts[rest] + digitGroups[low]
  const middle = rest % 1000
  return smallInts[(rest - middle) / 1000] + digitGroups[middle] + digitGroups[low]
}

/** A number as String() writes it. */
export function numberText (n: number): string {
  if (Number.isInteger(n) && n < 1e9 && n > -1e9 && !Object.is(n, -0)) return n < 0 ? '-' + integerText(-n) : integerText(n)
  return Number.isFinite(n) ? JSON.stringify(n) : String(n)
}

/** An encoder for one format (the quoting test is built once per delimiter). */
export function createCsvEncoder (format: CsvFormat = {}): CsvEncoder {
  const delimiter = checkDelimiter(format.delimiter ?? ',')
  const formulaEscape = format.formulaEscape ?? true
  const needsQuotes = new RegExp(`["\\r\\n${delimiter.replace(/[\\\]^-]/g, '\\$&')}]`)

  function text (input: string): string {
    let s = input
    if (formulaEscape && s !== '') {
      const first = s.charCodeAt(0)
      if (first === EQUALS || first === PLUS || first === MINUS || first === AT || first === TAB || first === CR) s = "'" + s
    }
    return needsQuotes.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s
  }

  function value (v: unknown): string {
    switch (typeof v) {
      case 'string': return text(v)
      case 'number': return numberText(v)
      case 'bigint': case 'boolean': return String(v)
      case 'undefined': case 'function': case 'symbol': return ''
    }
    if (v === null) return ''
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString()
    // Nested objects and arrays: their JSON, as text (so quoted and escaped like any text).
    return text(JSON.stringify(v) ?? '')
  }

  function row (values: readonly unknown[]): string {
    let line = ''
    for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : delimiter) + value(values[i])
    return line + '\r\n'
  }

  function recordEncoder (keys: readonly string[]): (record: Record<string, unknown>) => string {
    return compiledRecord(keys)(value, delimiter)
  }

  return { value, row, recordEncoder }
}

type RecordFactory = (value: (v: unknown) => string, delimiter: string) => (record: Record<string, unknown>) => string
const recordFactories = new Map<string, RecordFactory>()

// One function per column list, with the property names written in (`record["id"]`): fixed
// property loads are several times faster than a loop over keys, the way fast-json-stringify
// compiles serializers. Keys are embedded as JSON string literals, so any key is safe.
function compiledRecord (keys: readonly string[]): RecordFactory {
  const id = JSON.stringify(keys)
  let factory = recordFactories.get(id)
  if (factory === undefined) {
    const cells = keys.length === 0 ? "''" : keys.map(key => `value(record[${JSON.stringify(key)}])`).join(' + delimiter + ')
    // eslint-disable-next-line no-new-func
    factory = new Function('value', 'delimiter', `return function csvRecord (record) { return ${cells} + '\\r\\n' }`) as RecordFactory
    // Column lists taken from rows' own keys could be endless: keep the cache bounded.
    if (recordFactories.size >= 1000) recordFactories.clear()
    recordFactories.set(id, factory)
  }
  return factory
}

const defaultEncoder = createCsvEncoder()

/** One CSV field (default format unless `format` is given). */
export function encodeCsvValue (value: unknown, format?: CsvFormat): string {
  return (format === undefined ? defaultEncoder : createCsvEncoder(format)).value(value)
}

/** One CSV row with its CRLF (default format unless `format` is given). */
export function encodeCsvRow (values: readonly unknown[], format?: CsvFormat): string {
  return (format === undefined ? defaultEncoder : createCsvEncoder(format)).row(values)
}
