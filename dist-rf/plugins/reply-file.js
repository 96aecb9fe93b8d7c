// reply.file and reply.attachment: downloads built on @fastify/send (stat, validators, conditional
// requests, HEAD), with the Range handling, path checks, headers and cache default the suite asks
// for. Called by the replyHelpers plugin (plugins/reply-helpers.ts) with its validated options.
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { send } from '@fastify/send';
import { buildContentDisposition } from '../lib/content-disposition.js';
import { ReplyKitBadOptionError, ReplyKitFileNotFoundError } from '../lib/errors.js';
import { fileErrorOf, refusalError, resolveFilePath } from '../lib/file-path.js';
import { whenOpen } from '../lib/file-stream.js';
import { mediaTypeOf, withCharset } from '../lib/media-type.js';
import { contentRange, ifRangeHolds, parseRange } from '../lib/range.js';
import { recordOfConfig, routeRecord } from './route-record.js';
import '../types/fastify.js';
// send does the stat, the validators and the conditional requests (304, 412). Ranges are ours
// (lib/range.ts is strict where send is lenient), and so are Cache-Control and Content-Type.
const SEND_OPTIONS = {
    acceptRanges: false,
    cacheControl: false,
    contentType: false,
    dotfiles: 'allow', // dot segments are refused before send; the root's own path may have some
    index: false,
    etag: true,
    lastModified: true,
    // Called after the stat and before send opens the file: a FIFO's open would block a thread of
    // the pool for good, a socket's fails; neither (nor a device) is a file to send.
    onFile: (_path, stats) => {
        if (!stats.isFile())
            throw Object.assign(new Error('not a regular file'), { code: 'EFTYPE' });
    },
};
// A media type: `type/subtype` and parameters, no control characters.
const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;[\x20-\x7e]*)?$/;
const NO_CACHE_POLICY = 'private, no-cache';
// Per-call roots are usually a handful of constant folders; their real paths are kept.
const MAX_CACHED_ROOTS = 64;
/** Decorates `reply.file` and `reply.attachment`. `options.root`, when set, must be a folder. */
export function registerFileHelpers(fastify, options) {
    const defaultRoot = options.root === undefined ? undefined : realFolderSync(options.root);
    const roots = new Map();
    // Every route gets its record, so a route that answers through a helper can say so at run time.
    fastify.addHook('onRoute', (routeOptions) => { routeRecord(fastify, routeOptions); });
    fastify.decorateReply('file', function file(path, fileOptions = {}) {
        markHelper(this, 'file');
        sendFile(this, path, fileOptions, defaultRoot, roots)
            .catch((err) => this.send(fileErrorOf(err, String(path))));
        return this;
    });
    fastify.decorateReply('attachment', function attachment(filename, attachmentOptions = {}) {
        if (filename !== undefined && typeof filename !== 'string') {
            throw new ReplyKitBadOptionError('attachment filename', 'must be a string');
        }
        markHelper(this, 'attachment');
        this.header('content-disposition', buildContentDisposition(filename, attachmentOptions));
        this.header('x-content-type-options', 'nosniff');
        if (filename !== undefined && !this.hasHeader('content-type'))
            this.type(mediaTypeOf(filename));
        return this;
    });
}
/** The real path of a root folder, checked while the plugin registers. */
function realFolderSync(root) {
    let real;
    try {
        real = realpathSync(root);
    }
    catch {
        throw new ReplyKitBadOptionError('root', `"${root}" does not exist`);
    }
    if (!statSync(real).isDirectory())
        throw new ReplyKitBadOptionError('root', `"${root}" is not a folder`);
    return real;
}
/** The real path of a per-call root folder (kept for the next call). */
async function realFolder(root, roots) {
    const known = roots.get(root);
    if (known !== undefined)
        return known;
    let real;
    try {
        real = await realpath(root);
    }
    catch {
        throw new ReplyKitBadOptionError('root', `"${root}" does not exist`);
    }
    if (!(await stat(real)).isDirectory())
        throw new ReplyKitBadOptionError('root', `"${root}" is not a folder`);
    if (roots.size >= MAX_CACHED_ROOTS)
        roots.clear();
    roots.set(root, real);
    return real;
}
function markHelper(reply, helper) {
    const record = recordOfConfig(reply.request.routeOptions.config);
    if (record !== undefined)
        record.helper = helper;
}
async function sendFile(reply, requested, options, defaultRoot, roots) {
    if (typeof requested !== 'string')
        throw new ReplyKitBadOptionError('file path', 'must be a string');
    if (options.filename !== undefined && typeof options.filename !== 'string') {
        throw new ReplyKitBadOptionError('file filename', 'must be a string');
    }
    if (options.mediaType !== undefined && (typeof options.mediaType !== 'string' || !MEDIA_TYPE.test(options.mediaType))) {
        throw new ReplyKitBadOptionError('file mediaType', `${JSON.stringify(options.mediaType)} is not a media type`);
    }
    const root = options.root === undefined ? defaultRoot : await realFolder(options.root, roots);
    const resolved = await resolveFilePath(requested, root);
    if ('refused' in resolved)
        throw refusalError(resolved.refused, requested);
    const path = resolved.path;
    const request = reply.request.raw;
    const range = request.method === 'GET' ? request.headers.range : undefined;
    // With a Range header send only answers the headers (HEAD opens no file); the stream is ours.
    const asked = range === undefined ? request : { method: 'HEAD', headers: request.headers };
    // send percent-decodes its path: a `%` in a real file name must reach it encoded.
    const result = await send(asked, path.replaceAll('%', '%25'), SEND_OPTIONS);
    if (result.type === 'error') {
        if (result.statusCode === 412) {
            reply.code(412).send();
            return;
        }
        throw result.metadata.error;
    }
    // A folder (send offers a redirect to it) is not a file to send either.
    if (result.type !== 'file')
        throw new ReplyKitFileNotFoundError(requested);
    const size = result.metadata.stat.size;
    // size and mtime identify the bytes as well as nginx's and Apache's strong ETags do; a strong
    // ETag is what makes If-Range (strong comparison only) usable for resumed downloads.
    const etag = result.headers.ETag.replace(/^W\//, '');
    const lastModified = result.headers['Last-Modified'];
    const headers = { etag, 'last-modified': lastModified };
    if (recordOfConfig(reply.request.routeOptions.config)?.cache === undefined && !reply.hasHeader('cache-control')) {
        headers['cache-control'] = NO_CACHE_POLICY;
    }
    if (result.statusCode === 304) {
        reply.headers(headers).code(304).send();
        return;
    }
    const filename = options.filename ?? basename(requested);
    headers['accept-ranges'] = 'bytes';
    headers['content-type'] = options.mediaType !== undefined
        ? withCharset(options.mediaType)
        : reply.getHeader('content-type') ?? mediaTypeOf(filename);
    headers['content-disposition'] = buildContentDisposition(filename, { inline: options.inline });
    headers['x-content-type-options'] = 'nosniff';
    headers['content-length'] = size;
    let status = 200;
    let body = result.stream;
    if (range !== undefined) {
        const ifRange = request.headers['if-range'];
        // A failed If-Range means the client's copy is stale: it gets the whole file.
        const ranges = ifRange === undefined || ifRangeHolds(ifRange, { etag, lastModified }) ? parseRange(range, size) : undefined;
        if (ranges === 'unsatisfiable') {
            reply.code(416).header('content-range', contentRange(size)).send();
            return;
        }
        // One range: 206. Several (after merging) or none: the whole file, never more bytes than it has.
        const single = ranges?.length === 1 ? ranges[0] : undefined;
        if (single !== undefined) {
            status = 206;
            headers['content-range'] = contentRange(size, single);
            headers['content-length'] = single.end - single.start + 1;
        }
        body = createReadStream(path, single ?? { start: 0, end: Math.max(0, size - 1) });
    }
    if (request.method !== 'HEAD')
        await whenOpen(body);
    reply.code(status).headers(headers).send(body);
}
//# sourceMappingURL=reply-file.js.map