import type { FastifyInstance, RouteOptions } from 'fastify';
export interface RouteRecord {
    method: string;
    url: string;
    /** cacheControl: the route's static Cache-Control header ('' when computed per request). */
    cache?: string;
    /** secureCookies: the declared cookies the route may set (informational). */
    cookies?: string[];
    /** responseGuard: how the route's JSON bodies are filtered. */
    schema?: 'filtered' | 'missing' | 'open' | 'exempt';
    /** responseGuard: what the start-up audit found. */
    findings: string[];
    /** replyHelpers: set at run time once the route has answered through a helper (file, csv, ...). */
    helper?: string;
}
export declare const kRouteRecord: unique symbol;
interface Registry {
    records: RouteRecord[];
}
/** The registry of route records, created on the first plugin of the suite that asks for it. */
export declare function routeRegistry(fastify: FastifyInstance): Registry;
/**
 * The record of the route being added; call it from an `onRoute` hook. The first call for a route
 * creates the record and gives the route its own config object holding it.
 */
export declare function routeRecord(fastify: FastifyInstance, routeOptions: RouteOptions): RouteRecord;
/** The record of a route at run time, from its config; undefined for routes the suite never saw. */
export declare function recordOfConfig(config: unknown): RouteRecord | undefined;
/** Adds a hook to one route only, after any the route already declares. */
export declare function addRouteHook<K extends 'onRequest' | 'preHandler' | 'preSerialization' | 'onSend' | 'onResponse' | 'onError' | 'onTimeout' | 'onRequestAbort'>(routeOptions: RouteOptions, name: K, hook: NonNullable<RouteOptions[K]> extends Array<infer H> | infer H ? H : never): void;
export {};
