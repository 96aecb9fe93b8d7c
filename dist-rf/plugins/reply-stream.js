import { Readable } from 'node:stream';
import { ReplyKitBadOptionError, ReplyKitBadStreamSourceError } from '../lib/errors.js';
import { openSource } from '../lib/stream-source.js';
import { sourceReadable } from '../lib/source-readable.js';
import { createCsvEncoder } from '../lib/csv.js';
import { columnsFromRow, csvColumns } from '../lib/csv-columns.js';
import { ndjsonSerializer } from '../lib/ndjson.js';
import { recordOfConfig } from './route-record.js';
import '../types/fastify.js';
/** Rows are joined into writes of about this many characters. */
const BATCH = 64 * 1024;
// eslint-disable-next-line no-control-regex
const BAD_MEDIA_TYPE = /[\u0000-\u001f\u007f]/;
export function registerStreamHelpers(fastify, settings) {
    fastify.decorateReply('stream', function (source, options = {}) {
        return sendSource(this, 'stream', source, options, 'application/octet-stream', (opened, onCloseError) => sourceReadable(opened, { encode: streamChunk, onCloseError }));
    });
    fastify.decorateReply('csv', function (rows, options = {}) {
        const csvOptions = options ?? {};
        return sendSource(this, 'csv', rows, { filename: csvOptions.filename, mediaType: 'text/csv; charset=utf-8' }, undefined, (opened, onCloseError) => csvReadable(opened, csvOptions, settings, onCloseError));
    });
    fastify.decorateReply('ndjson', function (rows, options = {}) {
        const ndjsonOptions = options ?? {};
        return sendSource(this, 'ndjson', rows, { filename: ndjsonOptions.filename, mediaType: 'application/x-ndjson' }, undefined, (opened, onCloseError) => sourceReadable(opened, { encode: ndjsonSerializer(ndjsonOptions.schema), batchSize: BATCH, onCloseError }));
    });
}
function sendSource(reply, helper, source, options, defaultType, build) {
    let body;
    try {
        if (options === null || typeof options !== 'object')
            throw new ReplyKitBadOptionError(`reply.${helper} options`, 'must be an object');
        const { mediaType, filename } = options;
        if (mediaType !== undefined) {
            if (typeof mediaType !== 'string' || mediaType === '' || BAD_MEDIA_TYPE.test(mediaType)) {
                throw new ReplyKitBadOptionError(`reply.${helper} mediaType`, `must be a media type, got ${JSON.stringify(mediaType)}`);
            }
            reply.type(mediaType);
        }
        // One place for Content-Disposition and nosniff: the attachment helper.
        if (filename !== undefined)
            reply.attachment(filename);
        if (reply.getHeader('content-type') === undefined && defaultType !== undefined)
            reply.type(defaultType);
        const record = recordOfConfig(reply.request.routeOptions.config);
        if (record !== undefined)
            record.helper = helper;
        if (reply.request.method === 'HEAD') {
            // Fastify's HEAD handling would drain a stream body to its end: never start the source.
            if (typeof source !== 'function')
                openSource(source).close().catch(error => logCloseError(reply, error));
            return reply.send(Readable.from([]));
        }
        body = build(openSource(source, `reply.${helper} source`), error => logCloseError(reply, error));
    }
    catch (error) {
        return reply.send(error);
    }
    body.once('error', () => {
        // Fastify answers an error before the first byte with a normal error reply: that reply must
        // not keep the download's Content-Disposition.
        if (!reply.raw.headersSent) {
            reply.removeHeader('content-disposition');
            reply.raw.removeHeader('content-disposition');
        }
    });
    return reply.send(body);
}
function logCloseError(reply, error) {
    reply.log.error({ err: error }, 'stream source failed while being stopped');
}
function streamChunk(chunk) {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array)
        return chunk;
    throw new ReplyKitBadStreamSourceError(`reply.stream chunks must be strings or Uint8Arrays, got ${chunk === null ? 'null' : typeof chunk}`);
}
function csvReadable(opened, options, settings, onCloseError) {
    const encoder = createCsvEncoder({ delimiter: options.delimiter, formulaEscape: options.formulaEscape ?? settings.formulaEscape });
    let columns = csvColumns(options);
    let keys;
    let record;
    const header = options.header ?? true;
    const bom = options.bom ?? settings.bom;
    return sourceReadable(opened, {
        batchSize: BATCH,
        onCloseError,
        prefix: (first) => {
            columns ??= columnsFromRow(first);
            keys = columns?.map(column => column.key);
            record = keys === undefined ? undefined : encoder.recordEncoder(keys);
            const start = bom ? '\uFEFF' : '';
            return header && columns !== undefined ? start + encoder.row(columns.map(column => column.header)) : start;
        },
        encode: (row) => {
            if (typeof row === 'object' && row !== null && !Array.isArray(row)) {
                if (record === undefined)
                    throw new ReplyKitBadStreamSourceError('CSV rows mix arrays and objects: give columns or a schema');
                return record(row);
            }
            if (Array.isArray(row))
                return encoder.row(keys === undefined ? row : keys.map((_, index) => row[index]));
            throw new ReplyKitBadStreamSourceError(`a CSV row must be an object or an array, got ${row === null ? 'null' : typeof row}`);
        },
    });
}
//# sourceMappingURL=reply-stream.js.map