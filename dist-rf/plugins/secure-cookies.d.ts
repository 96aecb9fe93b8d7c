import type { FastifyInstance } from 'fastify';
import '../types/fastify.js';
import type { SecureCookiesOptions } from '../types/options.js';
declare function secureCookiesPlugin(fastify: FastifyInstance, options: SecureCookiesOptions): Promise<void>;
export declare const secureCookies: typeof secureCookiesPlugin;
export default secureCookies;
