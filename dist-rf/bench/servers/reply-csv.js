// Bench server for reply.csv: `GET /export?rows=N` streams N rows of 5 columns from a generator,
// either through reply.csv with a TypeBox schema ('kit') or through csv-stringify piped into the
// reply ('csv-stringify'). `GET /rss` reports the process's peak RSS so far (bytes).
import Fastify from 'fastify';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { Type } from '@sinclair/typebox';
import { replyHelpers } from '../../plugins/reply-helpers.js';
export const Row = Type.Object({ id: Type.Integer(), name: Type.String(), email: Type.String(), score: Type.Number(), active: Type.Boolean() });
const columns = Object.keys(Row.properties);
/** The rows of an export, made on demand like a database cursor would. */
export function* rows(count) {
    for (let i = 0; i < count; i++) {
        yield { id: i, name: `User number ${i}`, email: `user${i}@example.com`, score: i * 1.5, active: i % 3 === 0 };
    }
}
export function rowCount(query) {
    return Number(query.rows ?? 1000);
}
export function peakRss(app) {
    app.get('/rss', async () => ({ maxRSS: process.resourceUsage().maxRSS * 1024 }));
}
export default async function build(variant) {
    const app = Fastify({ logger: false });
    await app.register(replyHelpers);
    peakRss(app);
    if (variant === 'kit') {
        app.get('/export', (request, reply) => reply.csv(rows(rowCount(request.query)), { schema: Row }));
    }
    else {
        app.get('/export', (request, reply) => {
            reply.type('text/csv; charset=utf-8');
            return reply.send(Readable.from(rows(rowCount(request.query))).pipe(stringify({ header: true, columns })));
        });
    }
    await app.ready();
    return app;
}
//# sourceMappingURL=reply-csv.js.map