// Vary (RFC 9110 section 12.5.5): header names merged without duplicates, case-insensitively;
// `*` means "varies on everything", so it wins over any list.
/** Lowercase names without duplicates, or ['*'] when `*` is among them. */
export function normalizeVary(names) {
    const out = [];
    for (const name of names) {
        const lower = name.trim().toLowerCase();
        if (lower === '*')
            return ['*'];
        if (lower !== '' && !out.includes(lower))
            out.push(lower);
    }
    return out;
}
/**
 * The Vary value with `add` merged into `existing` (a header value, possibly a list or an array of
 * values). Existing names keep their spelling and order; new names are appended.
 */
export function mergeVary(existing, add) {
    const current = existing === undefined ? [] : (typeof existing === 'string' ? existing : existing.join(',')).split(',');
    const names = [];
    const seen = new Set();
    for (const name of [...current, ...add]) {
        const trimmed = name.trim();
        const lower = trimmed.toLowerCase();
        if (lower === '*')
            return '*';
        if (lower === '' || seen.has(lower))
            continue;
        seen.add(lower);
        names.push(trimmed);
    }
    return names.join(', ');
}
//# sourceMappingURL=vary.js.map