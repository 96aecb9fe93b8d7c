import { autocannon, startServer } from './harness.js';
/** Adds GET /__cpu (?start=1 resets the baseline): the server's CPU microseconds since the baseline. */
export function addCpuMeter(app) {
    let base = process.cpuUsage();
    app.get('/__cpu', async (request) => {
        if (request.query.start !== undefined) {
            base = process.cpuUsage();
            return { cpu: 0 };
        }
        const used = process.cpuUsage(base);
        return { cpu: used.user + used.system };
    });
}
async function cpuMicros(url, start) {
    const res = await fetch(`${url}/__cpu${start ? '?start=1' : ''}`);
    return (await res.json()).cpu;
}
const WARM_SECONDS = 3;
/** req/s of a warm server on one path: a 3-second warm-up (JIT) on the same process, not counted. */
export function warmHttpVariant(label, module, variant, path) {
    return {
        label,
        measure: async (seconds) => {
            const server = await startServer(module, variant);
            try {
                await autocannon(server.url + path, WARM_SECONDS);
                const load = await autocannon(server.url + path, seconds);
                if (load.errors > 0 || load.non2xx > 0)
                    throw new Error(`${label}: ${load.errors} errors, ${load.non2xx} non-2xx answers`);
                return { value: load.requestsPerSecond };
            }
            finally {
                await server.close();
            }
        },
    };
}
/** Requests per CPU-second of the server on one path, after the same warm-up. */
export function cpuVariant(label, module, variant, path) {
    return {
        label,
        measure: async (seconds) => {
            const server = await startServer(module, variant);
            try {
                await autocannon(server.url + path, WARM_SECONDS, { connections: 20 });
                await cpuMicros(server.url, true);
                const load = await autocannon(server.url + path, seconds, { connections: 20 });
                const cpu = await cpuMicros(server.url, false);
                if (load.errors > 0 || load.non2xx > 0)
                    throw new Error(`${label}: ${load.errors} errors, ${load.non2xx} non-2xx answers`);
                return { value: load.requestsPerSecond * seconds / (cpu / 1e6), extra: { cpuMicrosPerRequest: cpu / (load.requestsPerSecond * seconds) } };
            }
            finally {
                await server.close();
            }
        },
    };
}
//# sourceMappingURL=cpu-variant.js.map