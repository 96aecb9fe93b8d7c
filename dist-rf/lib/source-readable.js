// A Node Readable that pulls from an opened source only when the consumer asks for more (so a
// slow client holds the source back instead of making the server buffer the whole body) and
// stops the source when it is destroyed (client gone, error): the generator's `finally` runs.
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ReplyKitBadStreamSourceError } from './errors.js';
/** Give the event loop a turn after about this much body. */
const TURN_EVERY = 256 * 1024;
const isPromise = (value) => typeof value?.then === 'function';
/**
 * Text encoded straight into an off-heap buffer. A batch built as a JS string would hold its
 * rows on the heap across garbage collections, get promoted to the old generation and make the
 * heap (and RSS) grow with the length of the export; bytes in a Buffer do not.
 */
class ByteBatch {
    capacity;
    buffer = Buffer.alloc(0);
    used = 0;
    constructor(capacity) {
        this.capacity = capacity;
    }
    add(text) {
        const needed = this.used + text.length * 3; // the most UTF-8 bytes a UTF-16 string can need
        if (needed > this.buffer.length) {
            const bigger = Buffer.allocUnsafe(Math.max(needed, this.capacity));
            this.buffer.copy(bigger, 0, 0, this.used);
            this.buffer = bigger;
        }
        this.used += this.buffer.write(text, this.used);
    }
    take() {
        const bytes = this.buffer.subarray(0, this.used);
        this.buffer = Buffer.alloc(0);
        this.used = 0;
        return bytes;
    }
}
/** The Readable body for `source`; the caller hands it to `reply.send`. */
export function sourceReadable(source, options) {
    const { encode, batchSize = 0, prefix, onCloseError } = options;
    const batch = new ByteBatch(batchSize + 16 * 1024);
    let pulling = false;
    let started = false;
    let sinceTurn = 0;
    const readable = new Readable({
        highWaterMark: 64 * 1024,
        read() {
            if (pulling)
                return;
            pulling = true;
            pump().catch((error) => readable.destroy(error));
        },
        destroy(error, callback) {
            // Stopping never holds up the destroy: a generator stuck in an await only reaches its
            // `finally` once that await settles; the signal is what cancels the await itself.
            source.close(error ?? undefined).catch((closeError) => onCloseError?.(closeError));
            callback(error);
        },
    });
    // Sync sources are pulled without awaiting; async ones cost one await per item.
    async function pump() {
        for (;;) {
            if (sinceTurn >= TURN_EVERY) {
                // A source that answers at once (an array, a sync cursor, a generator without real I/O)
                // and a client that keeps up would otherwise run the whole export in one go, starving
                // every other request meanwhile.
                sinceTurn = 0;
                await nextTurn();
                if (readable.destroyed)
                    return;
            }
            let result = source.next();
            if (isPromise(result)) {
                result = await result;
                // Only an await lets the client leave in between; sync sources skip the check.
                if (readable.destroyed)
                    return;
            }
            if (result === null || typeof result !== 'object') {
                throw new ReplyKitBadStreamSourceError(`its iterator's next() gave ${result === null ? 'null' : typeof result}, not an iterator result`);
            }
            if (!started) {
                started = true;
                if (prefix !== undefined)
                    batch.add(prefix(result.done === true ? undefined : result.value));
            }
            if (result.done === true) {
                if (batch.used > 0)
                    readable.push(batch.take());
                readable.push(null);
                return;
            }
            const encoded = encode(result.value);
            let more;
            if (typeof encoded === 'string' && batchSize > 0) {
                batch.add(encoded);
                if (batch.used < batchSize)
                    continue;
                sinceTurn += batch.used;
                more = readable.push(batch.take());
            }
            else {
                // Written as it is, after any text joined before it.
                if (batch.used > 0)
                    readable.push(batch.take());
                sinceTurn += encoded.length;
                more = readable.push(encoded);
            }
            if (!more) {
                pulling = false;
                return;
            }
        }
    }
    return readable;
}
//# sourceMappingURL=source-readable.js.map