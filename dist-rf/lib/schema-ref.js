// Resolves a JSON-schema $ref against the document being walked and the shared schemas of a Fastify
// instance (`app.addSchema`, keyed by $id): 'User', 'User#', 'User#/properties/name', '#/$defs/x'.
function pointer(document, path) {
    if (path === '' || path === '/')
        return document;
    let node = document;
    for (const raw of path.slice(1).split('/')) {
        const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
        if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key))
            return undefined;
        node = node[key];
    }
    return node;
}
/** The schema a $ref points to, or undefined when it cannot be found. */
export function resolveRef(ref, root, shared) {
    const hash = ref.indexOf('#');
    const id = hash === -1 ? ref : ref.slice(0, hash);
    const path = hash === -1 ? '' : ref.slice(hash + 1);
    const document = id === '' ? root : Object.hasOwn(shared, id) ? shared[id] : undefined;
    if (document === undefined)
        return undefined;
    const schema = pointer(document, path);
    return schema === undefined ? undefined : { schema, root: document };
}
//# sourceMappingURL=schema-ref.js.map