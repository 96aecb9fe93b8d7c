import type { FastifyInstance } from 'fastify';
import { type Variant } from './harness.js';
/** Adds GET /__cpu (?start=1 resets the baseline): the server's CPU microseconds since the baseline. */
export declare function addCpuMeter(app: FastifyInstance): void;
/** Requests per CPU-second of the server on one path, after a 3-second warm-up (JIT) that is not counted. */
export declare function cpuVariant(label: string, module: string, variant: string, path: string): Variant;
