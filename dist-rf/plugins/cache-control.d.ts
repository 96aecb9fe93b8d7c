import type { FastifyInstance } from 'fastify';
import type { CacheControlOptions } from '../types/options.js';
import '../types/fastify.js';
declare function plugin(fastify: FastifyInstance, options: CacheControlOptions): Promise<void>;
export declare const cacheControl: typeof plugin;
export default cacheControl;
