import type { FastifyInstance } from 'fastify';
import type { ReplyKitOptions } from '../types/options.js';
import '../types/fastify.js';
declare function replyKitPlugin(fastify: FastifyInstance, options: ReplyKitOptions): Promise<void>;
export declare const replyKit: typeof replyKitPlugin;
export default replyKit;
