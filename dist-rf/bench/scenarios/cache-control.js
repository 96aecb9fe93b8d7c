// cacheControl on its normal path: a route policy compiled once in onRoute, applied by one per-route
// onSend hook, against the same route setting the same header by hand.
// Two figures for the same pair: req/s (as the harness measures everything), and requests per
// second of server CPU time, which other processes on this shared 2-core machine disturb far less.
import { readFile } from 'node:fs/promises';
import { autocannon, httpVariant, startServer } from '../harness.js';
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
/** CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat. */
async function cpuSeconds(pid) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime and stime: fields 14 and 15
}
function cpuVariant(label, variant) {
    return {
        label,
        measure: async (seconds) => {
            const server = await startServer('cache-control', variant);
            try {
                const before = await cpuSeconds(server.child.pid);
                const load = await autocannon(server.url + '/post', seconds);
                const used = await cpuSeconds(server.child.pid) - before;
                if (load.errors > 0 || load.non2xx > 0)
                    throw new Error(`${label}: ${load.errors} errors, ${load.non2xx} non-2xx answers`);
                return { value: (load.requestsPerSecond * seconds) / used };
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
        a: httpVariant('reply.header()', 'cache-control', 'header', '/post'),
        b: httpVariant('config.cache policy', 'cache-control', 'policy', '/post'),
    },
    {
        name: 'cache-control: route policy vs reply.header(), per server CPU second',
        unit: 'req/cpu-s',
        target: 0.97,
        a: cpuVariant('reply.header()', 'header'),
        b: cpuVariant('config.cache policy', 'policy'),
    },
];
export default scenarios;
//# sourceMappingURL=cache-control.js.map