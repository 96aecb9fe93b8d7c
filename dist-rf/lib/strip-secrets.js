// Run-time net under open response schemas: fast-json-stringify copies whatever an open part
// (Type.Any, additionalProperties: true, a record...) holds, so before serializing, the guard drops
// the properties whose names look like secrets from those open parts. Declared properties are kept:
// the schema names them on purpose (and the start-up audit reports them).
import { resolveRef } from './schema-ref.js';
const CONSTRAINING = ['type', 'properties', 'patternProperties', 'additionalProperties', 'items', 'prefixItems',
    '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'const', 'not', 'if'];
const OPEN = { open: true, nodes: [] };
function isSchemaObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function patternMatches(pattern, name) {
    try {
        return new RegExp(pattern, 'u').test(name);
    }
    catch {
        return true;
    }
}
/** Returns a copy of `value` without secret-looking properties wherever `schema` lets undeclared ones through. */
export function stripUndeclaredSecrets(value, schema, options) {
    const shared = options.shared ?? {};
    // Flattens $refs and combinators into the list of schemas that apply at one place of the value.
    function place(entries) {
        const result = { open: false, nodes: [] };
        const seen = new Set();
        const queue = [...entries];
        while (queue.length > 0) {
            const { node, root } = queue.shift();
            if (node === true || node === undefined) {
                result.open = true;
                continue;
            }
            if (!isSchemaObject(node) || seen.has(node))
                continue;
            seen.add(node);
            if (!CONSTRAINING.some(keyword => Object.hasOwn(node, keyword))) {
                result.open = true;
                continue;
            }
            result.nodes.push({ node, root });
            if (typeof node.$ref === 'string') {
                const target = resolveRef(node.$ref, root, shared);
                if (target === undefined)
                    result.open = true;
                else
                    queue.push({ node: target.schema, root: target.root });
            }
            for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
                const branches = node[keyword];
                if (Array.isArray(branches))
                    for (const branch of branches)
                        queue.push({ node: branch, root });
            }
            for (const keyword of ['then', 'else'])
                if (node[keyword] !== undefined)
                    queue.push({ node: node[keyword], root });
        }
        return result;
    }
    function stripArray(items, where) {
        return items.map((item, i) => {
            if (where.open)
                return strip(item, OPEN);
            const entries = [];
            for (const { node, root } of where.nodes) {
                const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : undefined;
                if (prefix !== undefined && i < prefix.length)
                    entries.push({ node: prefix[i], root });
                else if (!Array.isArray(node.items) && node.items !== false)
                    entries.push({ node: node.items, root });
            }
            return strip(item, entries.length === 0 ? OPEN : place(entries));
        });
    }
    function stripObject(object, where) {
        const copy = {};
        for (const key of Object.keys(object)) {
            if (key === '__proto__')
                continue;
            const declared = [];
            const additional = [];
            for (const { node, root } of where.nodes) {
                if (isSchemaObject(node.properties) && Object.hasOwn(node.properties, key))
                    declared.push({ node: node.properties[key], root });
                if (isSchemaObject(node.patternProperties)) {
                    for (const [pattern, child] of Object.entries(node.patternProperties)) {
                        if (patternMatches(pattern, key))
                            declared.push({ node: child, root });
                    }
                }
                if (node.additionalProperties === true || isSchemaObject(node.additionalProperties)) {
                    additional.push({ node: node.additionalProperties, root });
                }
            }
            const child = object[key];
            if (declared.length > 0)
                copy[key] = strip(child, place(declared));
            else if (!where.open && additional.length === 0)
                copy[key] = child; // not declared: the serializer drops it
            else if (!options.isSensitive(key))
                copy[key] = strip(child, where.open ? OPEN : place(additional));
        }
        return copy;
    }
    function strip(input, where) {
        if (input === null || typeof input !== 'object')
            return input;
        let data = input;
        const toJSON = data.toJSON;
        if (typeof toJSON === 'function') {
            // Closed places are the serializer's business (a Date under a date-time string, say).
            if (!where.open)
                return input;
            data = toJSON.call(data);
            if (data === null || typeof data !== 'object')
                return data;
        }
        if (Array.isArray(data))
            return stripArray(data, where);
        return stripObject(data, where);
    }
    return strip(value, place([{ node: schema, root: schema }]));
}
//# sourceMappingURL=strip-secrets.js.map