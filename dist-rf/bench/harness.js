// The benchmark harness: a server pinned to one core, autocannon pinned to the other, A and B
// alternated over several rounds after a warm-up, medians and their ratio reported.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? '0';
export const LOAD_CORE = process.env.BENCH_LOAD_CORE ?? '1';
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 2);
export function median(values) {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** Alternates A and B (ABBA order, so neither always runs first) and compares medians. */
export async function runScenario(scenario, rounds = ROUNDS) {
    await scenario.a.measure(WARMUP_SECONDS);
    await scenario.b.measure(WARMUP_SECONDS);
    const a = [];
    const b = [];
    for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
        for (const which of order) {
            const m = await scenario[which].measure(SECONDS);
            (which === 'a' ? a : b).push(m.value);
        }
    }
    const ratio = median(b) / median(a);
    return {
        name: scenario.name,
        unit: scenario.unit,
        target: scenario.target,
        a: { label: scenario.a.label, median: median(a), runs: a },
        b: { label: scenario.b.label, median: median(b), runs: b },
        ratio,
        pass: ratio >= scenario.target,
    };
}
/**
 * Starts `dist/bench/serve.js <module> <variant>` pinned to the server core. The module is a file of
 * bench/servers/ whose default export builds a Fastify app for a variant name.
 */
export async function startServer(module, variant, env = {}) {
    const child = spawn('taskset', ['-c', SERVER_CORE, process.execPath, join(root, 'dist', 'bench', 'serve.js'), module, variant], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, ...env },
    });
    const lines = createInterface({ input: child.stdout });
    const [line] = await Promise.race([
        once(lines, 'line'),
        once(child, 'exit').then(([code]) => { throw new Error(`bench server ${module} ${variant} exited with ${code}`); }),
    ]);
    const url = JSON.parse(line).url;
    return {
        url,
        child,
        close: async () => {
            lines.close();
            if (child.exitCode === null) {
                const exited = once(child, 'exit');
                child.kill('SIGTERM');
                await exited;
            }
        },
    };
}
/** Runs autocannon (its CLI, pinned to the load core) against a URL and reads its JSON summary. */
export async function autocannon(url, seconds, options = {}) {
    const args = ['-c', LOAD_CORE, process.execPath, join(root, 'node_modules', 'autocannon', 'autocannon.js'),
        '--json', '-d', String(seconds), '-c', String(options.connections ?? 50), '-p', String(options.pipelining ?? 1)];
    for (const [name, value] of Object.entries(options.headers ?? {}))
        args.push('-H', `${name}=${value}`);
    args.push(url);
    const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => { out += chunk; });
    const [code] = await once(child, 'exit');
    if (code !== 0)
        throw new Error(`autocannon exited with ${code}`);
    const summary = JSON.parse(out);
    return {
        requestsPerSecond: summary.requests.average,
        bytesPerSecond: summary.throughput.average,
        errors: summary.errors + summary.timeouts,
        non2xx: summary.non2xx,
    };
}
/** A variant that serves `module`/`variant` and measures req/s (or MB/s) on one path. */
export function httpVariant(label, module, variant, path, options = {}) {
    return {
        label,
        measure: async (seconds) => {
            const server = await startServer(module, variant);
            try {
                const load = await autocannon(server.url + path, seconds, options);
                if (load.errors > 0 || load.non2xx > 0)
                    throw new Error(`${label}: ${load.errors} errors, ${load.non2xx} non-2xx answers`);
                const value = options.metric === 'MB/s' ? load.bytesPerSecond / 1e6 : load.requestsPerSecond;
                return { value };
            }
            finally {
                await server.close();
            }
        },
    };
}
//# sourceMappingURL=harness.js.map