import type { FastifyInstance } from 'fastify';
import '../types/fastify.js';
import type { ResponseGuardOptions } from '../types/options.js';
declare function responseGuardPlugin(fastify: FastifyInstance, options: ResponseGuardOptions): Promise<void>;
export declare const responseGuard: typeof responseGuardPlugin;
export default responseGuard;
