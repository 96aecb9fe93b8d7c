import type { FastifyInstance } from 'fastify';
import type { ReplyHelpersOptions } from '../types/options.js';
import '../types/fastify.js';
/** Decorates `reply.file` and `reply.attachment`. `options.root`, when set, must be a folder. */
export declare function registerFileHelpers(fastify: FastifyInstance, options: ReplyHelpersOptions): void;
