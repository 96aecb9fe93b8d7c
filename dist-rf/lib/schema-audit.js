// The start-up audit of one response schema: where it lets undeclared data through (an "open"
// schema, at any depth) and which declared properties look like secrets. Pure: no Fastify here.
import { resolveRef } from './schema-ref.js';
// Keywords that say something about the value; a schema with none of them accepts anything.
const CONSTRAINING = ['type', 'properties', 'patternProperties', 'additionalProperties', 'items', 'prefixItems',
    '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'const', 'not', 'if'];
// Names a property pattern should not admit: if it admits these, it admits any name.
const PROBE_NAMES = ['password_hash', 'apiKey', 'zz-unexpected name'];
function isSchemaObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function types(schema) {
    const type = schema.type;
    return typeof type === 'string' ? [type] : Array.isArray(type) ? type : [];
}
function admitsAnyName(pattern) {
    try {
        const regexp = new RegExp(pattern, 'u');
        return PROBE_NAMES.every(name => regexp.test(name));
    }
    catch {
        return true;
    }
}
/** Every finding of one schema, in walk order, each (kind, path) once. */
export function auditSchema(schema, options) {
    const findings = [];
    const seen = new Set();
    const shared = options.shared ?? {};
    const walking = new Set();
    function report(kind, path, detail) {
        const key = `${kind} ${path} ${detail}`;
        if (seen.has(key))
            return;
        seen.add(key);
        findings.push({ kind, path, detail });
    }
    function walk(node, path, root) {
        if (node === true)
            return report('open', path, 'schema `true` accepts any value');
        if (!isSchemaObject(node))
            return;
        // A recursive $ref walks each schema once per path through it.
        if (walking.has(node))
            return;
        walking.add(node);
        try {
            visit(node, path, root);
        }
        finally {
            walking.delete(node);
        }
    }
    function visit(node, path, root) {
        if (!CONSTRAINING.some(keyword => Object.hasOwn(node, keyword))) {
            return report('open', path, 'schema without constraints accepts any value (Type.Any, Type.Unknown or {})');
        }
        if (typeof node.$ref === 'string') {
            const target = resolveRef(node.$ref, root, shared);
            if (target === undefined)
                report('unresolved', path, `$ref ${node.$ref} cannot be resolved`);
            else
                walk(target.schema, path, target.root);
        }
        for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
            const branches = node[keyword];
            if (Array.isArray(branches))
                branches.forEach((branch, i) => walk(branch, `${path}/${keyword}[${i}]`, root));
        }
        for (const keyword of ['then', 'else'])
            walk(node[keyword], `${path}/${keyword}`, root);
        const type = types(node);
        const isObject = type.includes('object') || isSchemaObject(node.properties) || isSchemaObject(node.patternProperties);
        if (isObject)
            visitObject(node, path, root);
        if (type.includes('array') || node.items !== undefined || node.prefixItems !== undefined)
            visitArray(node, path, root);
    }
    function visitObject(node, path, root) {
        const additional = node.additionalProperties;
        if (additional === true)
            report('open', path, 'additionalProperties: true lets any property through');
        else if (isSchemaObject(additional))
            report('open', path, 'additionalProperties with a schema lets any property name through');
        const patterns = isSchemaObject(node.patternProperties) ? node.patternProperties : undefined;
        if (patterns !== undefined) {
            if (additional !== false)
                report('open', path, 'patternProperties without additionalProperties: false');
            for (const [pattern, child] of Object.entries(patterns)) {
                if (admitsAnyName(pattern))
                    report('open', path, `patternProperties ${pattern} admits any property name (a record)`);
                walk(child, `${path}/patternProperties[${pattern}]`, root);
            }
        }
        if (isSchemaObject(node.properties)) {
            for (const [name, child] of Object.entries(node.properties)) {
                if (options.isSensitive(name))
                    report('sensitive', `${path}.${name}`, `property ${name} looks like a secret`);
                walk(child, `${path}.${name}`, root);
            }
        }
        else if (patterns === undefined && additional !== false && node.allOf === undefined && node.anyOf === undefined &&
            node.oneOf === undefined && node.$ref === undefined) {
            report('open', path, 'object without properties');
        }
    }
    function visitArray(node, path, root) {
        if (Array.isArray(node.prefixItems))
            node.prefixItems.forEach((child, i) => walk(child, `${path}[${i}]`, root));
        if (node.items === undefined && node.prefixItems === undefined)
            report('open', path, 'array without items accepts any element');
        else if (Array.isArray(node.items))
            node.items.forEach((child, i) => walk(child, `${path}[${i}]`, root));
        else
            walk(node.items, `${path}[]`, root);
    }
    walk(schema, '$', schema);
    return findings;
}
//# sourceMappingURL=schema-audit.js.map