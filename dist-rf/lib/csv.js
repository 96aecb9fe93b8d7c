// CSV per RFC 4180: fields holding the delimiter, a quote, CR or LF are quoted (quotes doubled),
// rows end in CRLF. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a
// leading apostrophe, the OWASP "CSV injection" defence; numbers are never touched (-5 stays -5).
import { ReplyKitBadOptionError } from './errors.js';
const EQUALS = 61;
const PLUS = 43;
const MINUS = 45;
const AT = 64;
const TAB = 9;
const CR = 13;
/** Checks a delimiter: one character that cannot be confused with quoting or line breaks. */
export function checkDelimiter(delimiter) {
    if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
        throw new ReplyKitBadOptionError('csv delimiter', `must be one character other than a quote, CR or LF, got ${JSON.stringify(delimiter)}`);
    }
    return delimiter;
}
/** An encoder for one format (the quoting test is built once per delimiter). */
export function createCsvEncoder(format = {}) {
    const delimiter = checkDelimiter(format.delimiter ?? ',');
    const formulaEscape = format.formulaEscape ?? true;
    const needsQuotes = new RegExp(`["\\r\\n${delimiter.replace(/[\\\]^-]/g, '\\$&')}]`);
    function text(input) {
        let s = input;
        if (formulaEscape && s !== '') {
            const first = s.charCodeAt(0);
            if (first === EQUALS || first === PLUS || first === MINUS || first === AT || first === TAB || first === CR)
                s = "'" + s;
        }
        return needsQuotes.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
    }
    function value(v) {
        switch (typeof v) {
            case 'string': return text(v);
            // JSON.stringify writes a finite number exactly as String() does, but without V8's
            // number-to-string cache, whose entries outlive young collections and made the heap (and
            // RSS) of a long export grow with its length.
            case 'number': return Number.isFinite(v) ? JSON.stringify(v) : String(v);
            case 'bigint':
            case 'boolean': return String(v);
            case 'undefined':
            case 'function':
            case 'symbol': return '';
        }
        if (v === null)
            return '';
        if (v instanceof Date)
            return Number.isNaN(v.getTime()) ? '' : v.toISOString();
        // Nested objects and arrays: their JSON, as text (so quoted and escaped like any text).
        return text(JSON.stringify(v) ?? '');
    }
    function row(values) {
        let line = '';
        for (let i = 0; i < values.length; i++)
            line += (i === 0 ? '' : delimiter) + value(values[i]);
        return line + '\r\n';
    }
    function recordEncoder(keys) {
        return compiledRecord(keys)(value, delimiter);
    }
    return { value, row, recordEncoder };
}
const recordFactories = new Map();
// One function per column list, with the property names written in (`record["id"]`): fixed
// property loads are several times faster than a loop over keys, the way fast-json-stringify
// compiles serializers. Keys are embedded as JSON string literals, so any key is safe.
function compiledRecord(keys) {
    const id = JSON.stringify(keys);
    let factory = recordFactories.get(id);
    if (factory === undefined) {
        const cells = keys.length === 0 ? "''" : keys.map(key => `value(record[${JSON.stringify(key)}])`).join(' + delimiter + ');
        // eslint-disable-next-line no-new-func
        factory = new Function('value', 'delimiter', `return function csvRecord (record) { return ${cells} + '\\r\\n' }`);
        // Column lists taken from rows' own keys could be endless: keep the cache bounded.
        if (recordFactories.size >= 1000)
            recordFactories.clear();
        recordFactories.set(id, factory);
    }
    return factory;
}
const defaultEncoder = createCsvEncoder();
/** One CSV field (default format unless `format` is given). */
export function encodeCsvValue(value, format) {
    return (format === undefined ? defaultEncoder : createCsvEncoder(format)).value(value);
}
/** One CSV row with its CRLF (default format unless `format` is given). */
export function encodeCsvRow(values, format) {
    return (format === undefined ? defaultEncoder : createCsvEncoder(format)).row(values);
}
//# sourceMappingURL=csv.js.map