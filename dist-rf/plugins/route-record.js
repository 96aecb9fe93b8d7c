export const kRouteRecord = Symbol.for('fastify-reply-kit.route-record');
const kRegistry = Symbol.for('fastify-reply-kit.route-registry');
// Keyed by the options object of one onRoute call: Fastify clones options for the HEAD route it
// adds, but the clone shares `config` with the GET, so the config object cannot be the key.
const recordsByOptions = new WeakMap();
/** The registry of route records, created on the first plugin of the suite that asks for it. */
export function routeRegistry(fastify) {
    const instance = fastify;
    if (!fastify.hasDecorator(kRegistry)) {
        fastify.decorate(kRegistry, { records: [] });
    }
    return instance[kRegistry];
}
/**
 * The record of the route being added; call it from an `onRoute` hook. The first call for a route
 * creates the record and gives the route its own config object holding it.
 */
export function routeRecord(fastify, routeOptions) {
    let record = recordsByOptions.get(routeOptions);
    if (record === undefined) {
        record = {
            method: Array.isArray(routeOptions.method) ? routeOptions.method.join(',') : routeOptions.method,
            url: routeOptions.url,
            findings: [],
        };
        recordsByOptions.set(routeOptions, record);
        routeOptions.config = { ...routeOptions.config, [kRouteRecord]: record };
        routeRegistry(fastify).records.push(record);
    }
    return record;
}
/** The record of a route at run time, from its config; undefined for routes the suite never saw. */
export function recordOfConfig(config) {
    return config?.[kRouteRecord];
}
/** Adds a hook to one route only, after any the route already declares. */
export function addRouteHook(routeOptions, name, hook) {
    const existing = routeOptions[name];
    const list = existing === undefined || existing === null ? [] : Array.isArray(existing) ? existing : [existing];
    routeOptions[name] = [...list, hook];
}
//# sourceMappingURL=route-record.js.map