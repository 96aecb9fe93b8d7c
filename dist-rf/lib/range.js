// Range requests (RFC 9110 section 14) parsed strictly. @fastify/send parses with parseInt, so it
// reads `bytes=01a-5` as 1-5 and answers `bytes=--1` with 416; here anything outside the grammar
// makes the whole header ignored (a plain 200), as the RFC allows. Overlapping and adjacent ranges
// are merged; a header with many ranges is ignored outright (the "Apache Killer" class of attack).
/**
 * The ranges of `header` for a representation of `size` bytes, sorted and merged; `'unsatisfiable'`
 * when the header is valid but no range overlaps the content (416); undefined when the header must
 * be ignored (invalid syntax, another unit, too many ranges).
 */
export function parseRange(header, size, options = {}) {
    const maxRanges = options.maxRanges ?? 16;
    const equals = header.indexOf('=');
    if (equals === -1 || header.slice(0, equals).toLowerCase() !== 'bytes')
        return undefined;
    const specs = header.slice(equals + 1).split(',');
    const ranges = [];
    let count = 0;
    for (const raw of specs) {
        const spec = raw.trim();
        // Recipients must accept empty list elements (RFC 9110 section 5.6.1).
        if (spec === '')
            continue;
        if (++count > maxRanges)
            return undefined;
        const match = /^(\d*)-(\d*)$/.exec(spec);
        if (match === null)
            return undefined;
        const [, first, last] = match;
        if (first === '') {
            // suffix-range: the last N bytes.
            if (last === '')
                return undefined;
            const length = Number(last);
            if (length > 0 && size > 0)
                ranges.push({ start: Math.max(0, size - length), end: size - 1 });
            continue;
        }
        const start = Number(first);
        const end = last === '' ? Infinity : Number(last);
        if (end < start)
            return undefined;
        if (start < size)
            ranges.push({ start, end: Math.min(end, size - 1) });
    }
    if (count === 0)
        return undefined;
    if (ranges.length === 0)
        return 'unsatisfiable';
    return mergeRanges(ranges);
}
/** Sorted by start, with overlapping and touching ranges joined. */
export function mergeRanges(ranges) {
    const sorted = [...ranges].sort((a, b) => a.start - b.start);
    const merged = [{ ...sorted[0] }];
    for (let i = 1; i < sorted.length; i++) {
        const range = sorted[i];
        const last = merged[merged.length - 1];
        if (range.start <= last.end + 1) {
            last.end = Math.max(last.end, range.end);
        }
        else {
            merged.push({ ...range });
        }
    }
    return merged;
}
/**
 * Whether an If-Range condition holds, with the strong comparison RFC 9110 section 13.1.5 asks:
 * an entity-tag must be strong and identical; a date must equal Last-Modified exactly, and that
 * Last-Modified must itself be strong (at least one second before the response's Date).
 */
export function ifRangeHolds(ifRange, validators) {
    const value = ifRange.trim();
    if (value.startsWith('"')) {
        return validators.etag !== undefined && !validators.etag.startsWith('W/') && value === validators.etag;
    }
    if (value.startsWith('W/') || validators.lastModified === undefined)
        return false;
    const date = Date.parse(value);
    const lastModified = Date.parse(validators.lastModified);
    if (Number.isNaN(date) || date !== lastModified)
        return false;
    const now = validators.now ?? Date.now();
    return Math.floor(now / 1000) * 1000 - lastModified >= 1000;
}
/** The Content-Range value of a 206 (`bytes 0-99/1234`) or, without a range, of a 416 (`bytes *\/1234`). */
export function contentRange(size, range) {
    return range === undefined ? `bytes */${size}` : `bytes ${range.start}-${range.end}/${size}`;
}
//# sourceMappingURL=range.js.map