import { type ChildProcess } from 'node:child_process';
export declare const SERVER_CORE: string;
export declare const LOAD_CORE: string;
export declare const ROUNDS: number;
export declare const SECONDS: number;
export declare const WARMUP_SECONDS: number;
/** What one run of one variant measured: the figure compared, plus anything worth printing. */
export interface Measurement {
    value: number;
    extra?: Record<string, number>;
}
export interface Variant {
    label: string;
    /** Starts whatever the variant needs, measures once, cleans up. */
    measure: (seconds: number) => Promise<Measurement>;
}
export interface Scenario {
    name: string;
    /** What `value` counts, e.g. 'req/s', 'rows/s', 'MB/s'. */
    unit: string;
    /** B/A must be at least this (A is the peer, B is ours). */
    target: number;
    a: Variant;
    b: Variant;
}
export interface ScenarioResult {
    name: string;
    unit: string;
    target: number;
    a: {
        label: string;
        median: number;
        runs: number[];
    };
    b: {
        label: string;
        median: number;
        runs: number[];
    };
    ratio: number;
    pass: boolean;
}
export declare function median(values: number[]): number;
/** Alternates A and B (ABBA order, so neither always runs first) and compares medians. */
export declare function runScenario(scenario: Scenario, rounds?: number): Promise<ScenarioResult>;
export interface RunningServer {
    url: string;
    child: ChildProcess;
    close: () => Promise<void>;
}
/**
 * Starts `dist/bench/serve.js <module> <variant>` pinned to the server core. The module is a file of
 * bench/servers/ whose default export builds a Fastify app for a variant name.
 */
export declare function startServer(module: string, variant: string, env?: Record<string, string>): Promise<RunningServer>;
export interface LoadResult {
    requestsPerSecond: number;
    bytesPerSecond: number;
    errors: number;
    non2xx: number;
}
/** Runs autocannon (its CLI, pinned to the load core) against a URL and reads its JSON summary. */
export declare function autocannon(url: string, seconds: number, options?: {
    connections?: number;
    pipelining?: number;
    headers?: Record<string, string>;
}): Promise<LoadResult>;
/** A variant that serves `module`/`variant` and measures req/s (or MB/s) on one path. */
export declare function httpVariant(label: string, module: string, variant: string, path: string, options?: {
    metric?: 'req/s' | 'MB/s';
    connections?: number;
    headers?: Record<string, string>;
}): Variant;
