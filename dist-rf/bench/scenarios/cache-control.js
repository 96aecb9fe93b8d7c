// cacheControl on its normal path: a route policy compiled once in onRoute, applied by one per-route
// onSend hook, against the same route setting the same header by hand.
// Each measurement starts a fresh server and warms it up (JIT, lazy start-up work) for a second
// before measuring, so the figures compare steady states. Two figures for the same pair: req/s, and
// requests per second of server CPU time (user + system, all threads), which other processes on
// this shared 2-core machine disturb far less than wall-clock throughput.
import { readFile } from 'node:fs/promises';
import { autocannon, startServer } from '../harness.js';
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const WARMUP_SECONDS = 1;
/** CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat. */
async function cpuSeconds(pid) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime and stime: fields 14 and 15
}
function variant(label, name, metric) {
    return {
        label,
        measure: async (seconds) => {
            const server = await startServer('cache-control', name);
            try {
                await autocannon(server.url + '/post', WARMUP_SECONDS);
                const before = await cpuSeconds(server.child.pid);
                const load = await autocannon(server.url + '/post', seconds);
                const used = await cpuSeconds(server.child.pid) - before;
                if (load.errors > 0 || load.non2xx > 0)
                    throw new Error(`${label}: ${load.errors} errors, ${load.non2xx} non-2xx answers`);
                return { value: metric === 'req/s' ? load.requestsPerSecond : (load.requestsPerSecond * seconds) / used };
            }
            finally {
                await server.close();
            }
        },
    };
}
const scenarios = [
    {
        name: 'cache-control: route policy vs reply.header()',
        unit: 'req/s',
        target: 0.97,
        a: variant('reply.header()', 'header', 'req/s'),
        b: variant('config.cache policy', 'policy', 'req/s'),
    },
    {
        name: 'cache-control: route policy vs reply.header(), per server CPU second',
        unit: 'req/cpu-s',
        target: 0.97,
        a: variant('reply.header()', 'header', 'req/cpu-s'),
        b: variant('config.cache policy', 'policy', 'req/cpu-s'),
    },
];
export default scenarios;
//# sourceMappingURL=cache-control.js.map