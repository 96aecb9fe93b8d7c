// Bench server for reply.ndjson: `GET /export?rows=N` streams N rows, through reply.ndjson with a
// schema ('kit'), or JSON.stringify per row: one write per row ('json-per-row', the usual
// Readable.from(generator) code) or joined into 64 KiB writes like the kit does ('json-batched').
import Fastify from 'fastify';
import { Readable } from 'node:stream';
import { replyHelpers } from '../../plugins/reply-helpers.js';
import { Row, rowCount, rows } from './reply-csv.js';
function* perRow(count) {
    for (const row of rows(count))
        yield JSON.stringify(row) + '\n';
}
function* batched(count) {
    let batch = '';
    for (const row of rows(count)) {
        batch += JSON.stringify(row) + '\n';
        if (batch.length >= 64 * 1024) {
            yield batch;
            batch = '';
        }
    }
    if (batch !== '')
        yield batch;
}
export default async function build(variant) {
    const app = Fastify({ logger: false });
    await app.register(replyHelpers);
    app.get('/export', (request, reply) => {
        const count = rowCount(request.query);
        if (variant === 'kit')
            return reply.ndjson(rows(count), { schema: Row });
        reply.type('application/x-ndjson');
        return reply.send(Readable.from(variant === 'json-batched' ? batched(count) : perRow(count), { objectMode: false }));
    });
    await app.ready();
    return app;
}
//# sourceMappingURL=reply-ndjson.js.map