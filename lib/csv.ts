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
  /** The values of `keys` in `record`, as one row with its CRLF. */
  record: (record: Record<string, unknown>, keys: readonly string[]) => string
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
      case 'number': case 'bigint': case 'boolean': return String(v)
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

  function record (source: Record<string, unknown>, keys: readonly string[]): string {
    let line = value(source[keys[0]])
    for (let i = 1; i < keys.length; i++) line += delimiter + value(source[keys[i]])
    return line + '\r\n'
  }

  return { value, row, record }
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
