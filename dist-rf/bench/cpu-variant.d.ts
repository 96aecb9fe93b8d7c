import type { FastifyInstance } from 'fastify';
import { type Variant } from './harness.js';
/** Adds GET /__cpu (?start=1 resets the baseline): the server's CPU microseconds since the baseline. */
export declare function addCpuMeter(app: FastifyInstance): void;
/** req/s of a warm server on one path: a 3-second warm-up (JIT) on the same process, not counted. */
export declare function warmHttpVariant(label: string, module: string, variant: string, path: string): Variant;
/** Requests per CPU-second of the server on one path, after the same warm-up. */
export declare function cpuVariant(label: string, module: string, variant: string, path: string): Variant;
