import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import '../types/fastify.js';
/** The reply of the request whose async call chain is running; throws FST_REPLYKIT_NO_CONTEXT outside one. */
export declare function useReply(): FastifyReply;
/** The request whose async call chain is running; throws FST_REPLYKIT_NO_CONTEXT outside one. */
export declare function useRequest(): FastifyRequest;
export declare const replyContext: FastifyPluginAsync<Record<never, never>>;
export default replyContext;
