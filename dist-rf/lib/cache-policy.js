// Cache policies: validate one (TypeBox schema, then the rules between fields), resolve presets and
// raw header strings into one normal form, and compile that into the header strings sent.
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { AGE_KEYS, CachePolicyError, buildCacheControl, checkDirectives, parseCacheControl } from './cache-control.js';
import { DURATION_HINT, MAX_DELTA_SECONDS, parseDuration } from './duration.js';
import { BUILT_IN_PRESETS } from './cache-presets.js';
import { normalizeVary } from './vary.js';
const Duration = Type.Union([
    Type.Integer({ minimum: 0, maximum: MAX_DELTA_SECONDS }),
    Type.String({ pattern: '^[0-9]{1,10}[smhdwy]$' }),
], { description: `must be ${DURATION_HINT}` });
const Flag = Type.Boolean({ description: 'must be true or false' });
const HeaderName = Type.String({ pattern: "^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", description: 'must be a header name (an HTTP token)' });
const CdnSchema = Type.Object({
    maxAge: Type.Optional(Duration),
    sMaxAge: Type.Optional(Duration),
    staleWhileRevalidate: Type.Optional(Duration),
    staleIfError: Type.Optional(Duration),
    noStore: Type.Optional(Flag),
}, { additionalProperties: false, description: 'must be an object of CDN-Cache-Control fields' });
const PolicySchema = Type.Object({
    preset: Type.Optional(Type.String({ minLength: 1, description: 'must be a preset name' })),
    public: Type.Optional(Flag),
    private: Type.Optional(Flag),
    maxAge: Type.Optional(Duration),
    sMaxAge: Type.Optional(Duration),
    noCache: Type.Optional(Flag),
    noStore: Type.Optional(Flag),
    noTransform: Type.Optional(Flag),
    mustRevalidate: Type.Optional(Flag),
    proxyRevalidate: Type.Optional(Flag),
    mustUnderstand: Type.Optional(Flag),
    immutable: Type.Optional(Flag),
    staleWhileRevalidate: Type.Optional(Duration),
    staleIfError: Type.Optional(Duration),
    cdn: Type.Optional(CdnSchema),
    vary: Type.Optional(Type.Array(HeaderName, { description: 'must be an array of header names' })),
    etag: Type.Optional(Flag),
}, { additionalProperties: false });
const checkPolicy = TypeCompiler.Compile(PolicySchema);
const describe = (value) => typeof value === 'string' ? `'${value}'` : typeof value === 'object' ? JSON.stringify(value) : String(value);
/** Checks a policy object against the schema; throws CachePolicyError naming the first bad field. */
function checkShape(input) {
    if (checkPolicy.Check(input))
        return;
    const error = checkPolicy.Errors(input).First();
    const field = error.path.slice(1).replaceAll('/', '.');
    const unknown = error.message.startsWith('Unexpected property');
    throw new CachePolicyError(field, unknown ? 'is not a known field' : `${error.schema.description}; got ${describe(error.value)}`);
}
function seconds(value, field) {
    const result = parseDuration(value);
    if (result === undefined)
        throw new CachePolicyError(field, `must be ${DURATION_HINT}; got ${describe(value)}`);
    return result;
}
/** The policy object's fields over its preset's, durations in seconds, then the cross-field rules. */
function resolveObject(input, presets) {
    checkShape(input);
    let policy = {};
    if (typeof input.preset === 'string') {
        const base = presets(input.preset);
        if (base === undefined)
            throw new CachePolicyError('preset', `'${input.preset}' is not a known preset`);
        policy = { ...base };
    }
    for (const [key, value] of Object.entries(input)) {
        if (key === 'preset' || value === undefined)
            continue;
        if (key === 'cdn') {
            const cdn = {};
            for (const [cdnKey, cdnValue] of Object.entries(value)) {
                if (cdnValue === undefined)
                    continue;
                if (cdnKey === 'noStore')
                    cdn.noStore = cdnValue;
                else
                    cdn[cdnKey] = seconds(cdnValue, `cdn.${cdnKey}`);
            }
            policy.cdn = cdn;
        }
        else if (AGE_KEYS.includes(key)) {
            policy[key] = seconds(value, key);
        }
        else {
            policy[key] = key === 'vary' ? [...value] : value;
        }
    }
    const problem = checkDirectives(policy) ?? (policy.cdn === undefined ? undefined : checkDirectives(policy.cdn, 'cdn.'));
    if (problem !== undefined)
        throw problem;
    if (policy.cdn !== undefined && (policy.private === true || policy.noStore === true) && policy.cdn.noStore !== true &&
        AGE_KEYS.some(key => policy.cdn[key] !== undefined)) {
        throw new CachePolicyError('cdn', 'CDN-Cache-Control ages on a private or no-store policy would let the CDN store it');
    }
    return policy;
}
/** A raw Cache-Control value such as 'public, max-age=60', parsed and checked. */
function resolveHeader(input) {
    try {
        const directives = parseCacheControl(input);
        const problem = checkDirectives(directives);
        if (problem !== undefined)
            throw problem;
        return directives;
    }
    catch (error) {
        throw new CachePolicyError('', `${describe(input)} is neither a preset nor a valid Cache-Control value: ${error.message}`);
    }
}
/**
 * The normal form of a policy input: a preset name, a raw Cache-Control value, or a policy object.
 * Throws CachePolicyError naming the field at fault ('' for the input as a whole).
 */
export function resolveCachePolicy(input, presets) {
    if (typeof input === 'string')
        return presets.get(input) ?? resolveHeader(input);
    if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
        return resolveObject(input, name => presets.get(name));
    }
    throw new CachePolicyError('', `must be a preset name, a Cache-Control value or a policy object; got ${describe(input)}`);
}
/**
 * The built-in presets with the user's added or overridden on top. A preset may start from another
 * (`{ preset: 'public', maxAge: '1h' }`); one that names itself starts from the built-in of that name.
 * Throws CachePolicyError with the field 'name' or 'name.field'.
 */
export function buildPresetTable(custom) {
    const table = new Map();
    const builtIn = (name) => Object.hasOwn(BUILT_IN_PRESETS, name) ? resolveObject(BUILT_IN_PRESETS[name], () => undefined) : undefined;
    for (const name of Object.keys(BUILT_IN_PRESETS))
        table.set(name, builtIn(name));
    if (custom === undefined)
        return table;
    if (custom === null || typeof custom !== 'object' || Array.isArray(custom)) {
        throw new CachePolicyError('', `must be an object of named policies; got ${describe(custom)}`);
    }
    const defs = custom;
    const done = new Map();
    const resolving = [];
    const named = new WeakSet(); // errors that already name their preset
    const fail = (field, message) => {
        const error = new CachePolicyError(field, message);
        named.add(error);
        throw error;
    };
    const resolve = (name) => {
        const cached = done.get(name);
        if (cached !== undefined)
            return cached;
        if (resolving.includes(name))
            fail(name, `presets refer to each other in a loop: ${[...resolving, name].join(' -> ')}`);
        const def = defs[name];
        if (def === null || typeof def !== 'object' || Array.isArray(def))
            fail(name, `must be a policy object; got ${describe(def)}`);
        resolving.push(name);
        let policy;
        try {
            policy = resolveObject(def, base => base !== name && Object.hasOwn(defs, base) ? resolve(base) : builtIn(base));
        }
        catch (error) {
            if (named.has(error))
                throw error;
            return fail(`${name}.${error.field}`, error.message);
        }
        resolving.pop();
        done.set(name, policy);
        return policy;
    };
    for (const name of Object.keys(defs))
        table.set(name, resolve(name));
    return table;
}
/** The header strings and flags of a policy, computed once. */
export function compileCachePolicy(policy) {
    const header = buildCacheControl(policy);
    const cookieRisk = policy.private !== true && policy.noStore !== true;
    const authRisk = cookieRisk && (policy.public === true || policy.sMaxAge !== undefined || policy.mustRevalidate === true);
    const cdnHeader = policy.cdn === undefined ? '' : buildCacheControl(policy.cdn);
    const vary = policy.vary === undefined || policy.vary.length === 0 ? undefined : normalizeVary(policy.vary);
    return {
        header,
        privateHeader: cookieRisk ? buildCacheControl({ ...policy, public: false, private: true, sMaxAge: undefined }) : header,
        cdnHeader: cdnHeader === '' ? undefined : cdnHeader,
        vary,
        varyHeader: vary?.join(', '),
        etag: policy.etag === true,
        cookieRisk,
        authRisk,
    };
}
//# sourceMappingURL=cache-policy.js.map