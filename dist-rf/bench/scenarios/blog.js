// The example service (examples/blog): GET /posts/:id in req/s (autocannon) and
// GET /exports/large-posts.csv (100,000 rows) in rows/s. The harness compares pairs, and the
// example has no peer: A is a plain Fastify app doing the same database reads by hand
// (bench/servers/blog.ts), so B/A is the price of the whole suite on a real endpoint.
import { request } from 'undici';
import { httpVariant, startServer } from '../harness.js';
/** Downloads the whole CSV export again and again for `seconds`, one request at a time; rows/s. */
function csvVariant(label, variant) {
    return {
        label,
        measure: async (seconds) => {
            const server = await startServer('blog', variant);
            try {
                let rows = 0;
                let bytes = 0;
                const start = process.hrtime.bigint();
                const deadline = start + BigInt(Math.round(seconds * 1e9));
                do {
                    const response = await request(`${server.url}/exports/large-posts.csv`);
                    if (response.statusCode !== 200)
                        throw new Error(`${label}: status ${response.statusCode}`);
                    let lines = 0;
                    for await (const chunk of response.body) {
                        bytes += chunk.length;
                        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1))
                            lines++;
                    }
                    rows += lines - 1; // the header line
                } while (process.hrtime.bigint() < deadline);
                const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
                return { value: rows / elapsed, extra: { 'MB/s': bytes / elapsed / 1e6 } };
            }
            finally {
                await server.close();
            }
        },
    };
}
const scenarios = [
    {
        name: 'blog GET /posts/:id',
        unit: 'req/s',
        target: 0.5,
        a: httpVariant('plain Fastify, same read', 'blog', 'plain', '/posts/42'),
        b: httpVariant('example service (replyKit)', 'blog', 'kit', '/posts/42'),
    },
    {
        name: 'blog GET /exports/large-posts.csv (100,000 rows)',
        unit: 'rows/s',
        target: 0.5,
        a: csvVariant('plain Fastify + csv-stringify', 'plain'),
        b: csvVariant('example service reply.csv', 'kit'),
    },
];
export default scenarios;
//# sourceMappingURL=blog.js.map