import type { FastifyInstance } from 'fastify';
import type { RouteHeadersOptions } from '../types/options.js';
import '../types/fastify.js';
declare function plugin(fastify: FastifyInstance, options: RouteHeadersOptions): Promise<void>;
export declare const routeHeaders: typeof plugin;
export default routeHeaders;
