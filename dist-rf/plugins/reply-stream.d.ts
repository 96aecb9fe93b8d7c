import type { FastifyInstance } from 'fastify';
import '../types/fastify.js';
export interface StreamSettings {
    bom: boolean;
    formulaEscape: boolean;
}
export declare function registerStreamHelpers(fastify: FastifyInstance, settings: StreamSettings): void;
