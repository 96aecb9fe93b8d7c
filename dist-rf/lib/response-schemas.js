// Reads a route's `schema.response` (status keys '200', '2xx', 'default', each a schema or Fastify's
// `{ content: { '<media type>': { schema } } }`) into what the guard needs: the JSON schema for a
// status and media type, falling back to the route's success schema.
import { isJsonMediaType } from './json-media-type.js';
function normalizeKey(key) {
    return /^[1-5]xx$/i.test(key) ? key.toLowerCase() : key;
}
function readEntry(key, value) {
    const entry = { key, json: new Map(), other: [] };
    const content = value !== null && typeof value === 'object' ? value.content : undefined;
    if (content === null || typeof content !== 'object') {
        entry.json.set('', value);
        return entry;
    }
    for (const [type, declared] of Object.entries(content)) {
        const mediaType = type.toLowerCase();
        if (isJsonMediaType(mediaType) || mediaType === '*/*')
            entry.json.set(mediaType, declared?.schema ?? {});
        else
            entry.other.push(mediaType);
    }
    return entry;
}
/** The table of a route's response schemas; undefined when the route declares none. */
export function readResponseSchemas(response) {
    if (response === null || typeof response !== 'object')
        return undefined;
    const entries = new Map();
    for (const [key, value] of Object.entries(response))
        entries.set(normalizeKey(key), readEntry(normalizeKey(key), value));
    if (entries.size === 0)
        return undefined;
    const withJson = (entry) => entry !== undefined && entry.json.size > 0 ? entry : undefined;
    let success = withJson(entries.get('2xx'));
    if (success === undefined) {
        const exact = [...entries.values()].filter(e => /^2\d\d$/.test(e.key) && e.json.size > 0);
        if (exact.length === 1)
            success = exact[0];
    }
    return { entries, success };
}
/** Every JSON schema of the table with a label for messages: '200', '200 application/vnd.api+json'. */
export function jsonSchemasOf(table) {
    const list = [];
    for (const entry of table.entries.values()) {
        for (const [mediaType, schema] of entry.json)
            list.push({ label: mediaType === '' ? entry.key : `${entry.key} ${mediaType}`, schema });
    }
    return list;
}
function pick(entry, mediaType) {
    for (const type of [mediaType, '', 'application/json', '*/*']) {
        if (entry.json.has(type))
            return { key: entry.key, mediaType: type, schema: entry.json.get(type) };
    }
    const [type, schema] = entry.json.entries().next().value;
    return { key: entry.key, mediaType: type, schema };
}
/**
 * The JSON schema for a reply: the status's own entry, its class ('4xx'), 'default', then the
 * success schema. Within an entry the reply's media type wins, then application/json.
 */
export function selectResponseSchema(table, status, mediaType) {
    const code = String(status);
    for (const key of [code, `${code[0]}xx`, 'default']) {
        const entry = table.entries.get(key);
        if (entry !== undefined && entry.json.size > 0)
            return pick(entry, mediaType);
    }
    return table.success === undefined ? undefined : pick(table.success, mediaType);
}
//# sourceMappingURL=response-schemas.js.map