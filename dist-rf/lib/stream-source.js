// Every kind of source the streaming helpers accept (async and sync iterables, Node and Web
// streams, a function given an AbortSignal), opened as one iterator with one way to stop it.
import { Readable } from 'node:stream';
import { ReplyKitBadStreamSourceError } from './errors.js';
/** Names what a value is, for error messages (never its content). */
export function describeSource(value) {
    if (value === null)
        return 'null';
    if (typeof value !== 'object' && typeof value !== 'function')
        return typeof value;
    return `${value.constructor?.name ?? 'object'} (neither iterable nor a stream)`;
}
/**
 * Opens `source`. Throws FST_REPLYKIT_BAD_STREAM_SOURCE for anything else than the accepted
 * kinds, including strings and byte arrays (send those with `reply.send`/`reply.text`).
 */
export function openSource(source, what = 'source') {
    const controller = new AbortController();
    let value = source;
    if (typeof value === 'function') {
        value = value(controller.signal);
        if (typeof value === 'function')
            throw new ReplyKitBadStreamSourceError(`${what} function returned a function`);
    }
    const iterator = iteratorOf(value, what);
    let closed = false;
    return {
        next: () => iterator.next(),
        signal: controller.signal,
        close: async (reason) => {
            if (closed)
                return;
            closed = true;
            controller.abort(reason);
            // A stream's own iterator is a generator: return() before its first next() skips the
            // finally that would destroy the stream, so destroy it here (closing its file).
            if (isNodeStream(value))
                value.destroy?.();
            await iterator.return?.();
        },
    };
}
function iteratorOf(value, what) {
    if (typeof value === 'string' || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
        throw new ReplyKitBadStreamSourceError(`${what} is a ${typeof value === 'string' ? 'string' : 'byte array'}, not a stream or iterable: send it with reply.send or reply.text`);
    }
    if (value === null || (typeof value !== 'object')) {
        throw new ReplyKitBadStreamSourceError(`${what} is ${describeSource(value)}`);
    }
    const candidate = value;
    // Web streams through their reader, whose cancel() works before the first read too.
    if (typeof candidate.getReader === 'function')
        return webStreamIterator(value);
    if (isNodeStream(value) && typeof candidate[Symbol.asyncIterator] !== 'function') {
        // An old-style stream (no async iterator): wrap it, so destroying the wrapper stops it.
        const wrapped = new Readable({ objectMode: true }).wrap(value);
        return wrapped[Symbol.asyncIterator]();
    }
    if (typeof candidate[Symbol.asyncIterator] === 'function') {
        return iterated(candidate[Symbol.asyncIterator], value, what);
    }
    if (typeof candidate[Symbol.iterator] === 'function') {
        return iterated(candidate[Symbol.iterator], value, what);
    }
    throw new ReplyKitBadStreamSourceError(`${what} is ${describeSource(value)}`);
}
function isNodeStream(value) {
    const candidate = value;
    return typeof candidate?.pipe === 'function' && typeof candidate.on === 'function';
}
function iterated(method, target, what) {
    const iterator = method.call(target);
    if (iterator === null || typeof iterator !== 'object' || typeof iterator.next !== 'function') {
        throw new ReplyKitBadStreamSourceError(`${what}'s iterator method did not return an iterator`);
    }
    return iterator;
}
/** A Web ReadableStream read through its reader; `return()` cancels the stream. */
function webStreamIterator(stream) {
    const reader = stream.getReader();
    return {
        next: () => reader.read(),
        return: async () => {
            await reader.cancel();
            return { done: true, value: undefined };
        },
    };
}
//# sourceMappingURL=stream-source.js.map