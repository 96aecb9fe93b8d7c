import type { FastifyInstance } from 'fastify';
import type { ReplyHelpersOptions } from '../types/options.js';
import '../types/fastify.js';
declare function replyHelpersPlugin(fastify: FastifyInstance, options: ReplyHelpersOptions): Promise<void>;
export declare const replyHelpers: typeof replyHelpersPlugin;
export default replyHelpers;
