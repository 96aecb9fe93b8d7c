// The body of one Server-Sent Events stream: a Node Readable that pulls the source only while the
// client keeps up (backpressure pauses it), writes what the source gives within one turn of the
// event loop in one go (a burst is one write, a lone event leaves at once), sends a heartbeat only
// after `heartbeat` ms of silence, fails after `writeTimeout` ms without write progress, and stops
// the source (its signal aborts, its `finally` runs) whenever the stream ends before the source did.
import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { OpenedSource } from './stream-source.js'
import { ReplyKitBadStreamSourceError, ReplyKitSseFieldError, ReplyKitSseWriteTimeoutError } from './errors.js'
import { HEARTBEAT } from './sse-event.js'

export interface SseReadableOptions {
  /** One item of the source on the wire; throws FST_REPLYKIT_SSE_FIELD for a refused one. */
  encode: (item: unknown) => string
  /** Pulls the next item (the plugin runs it in the request's async context). */
  next: () => IteratorResult<unknown> | Promise<IteratorResult<unknown>>
  /** Written before the first event. */
  prelude: string
  heartbeat: number
  writeTimeout: number
  /** Called on the first read: the response's headers are final, nothing is written yet. */
  onStart: () => void
  /** Told about a refused event; the stream then ends cleanly. */
  onFieldError: (error: Error) => void
  /** Told about an error thrown while stopping the source (its `finally` threw). */
  onCloseError: (error: unknown) => void
}

export interface SseStream {
  readable: Readable
  /** Ends the stream after `last` (the close event on app.close()) and stops the source. */
  finish: (last: string) => void
}

/** Text joined until about this size is written at once. */
const BATCH = 16 * 1024
/** Give the event loop a turn after about this much body (a source that never waits). */
const TURN_EVERY = 256 * 1024

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as Promise<unknown> | null)?.then === 'function'

export function sseStream (source: OpenedSource<unknown>, options: SseReadableOptions): SseStream {
  const { encode, next, heartbeat, writeTimeout } = options
  let pending = options.prelude
  let flushing: NodeJS.Immediate | undefined
  let heartbeatTimer: NodeJS.Timeout | undefined
  let watchTimer: NodeJS.Timeout | undefined
  let watchedConsumed = 0
  let started = false
  let pulling = false
  /** No more pushes: the source ended, an event was refused, finish() ran or the stream was destroyed. */
  let stopped = false
  let pushedBytes = 0
  let sinceTurn = 0
  let lastWrite = Date.now()

  const readable = new Readable({
    highWaterMark: BATCH,
    read () {
      if (!started) {
        started = true
        options.onStart()
        if (!stopped) {
          if (heartbeat > 0) heartbeatTimer = setTimeout(beat, heartbeat)
          // The prelude waits a turn: a source that fails at once still gets a normal error reply.
          flushing = setImmediate(flush)
        }
      }
      if (pulling || stopped) return
      pulling = true
      pump().catch((error: unknown) => readable.destroy(error as Error))
    },
    destroy (error, callback) {
      halt()
      clearTimeout(watchTimer)
      // Never holds the destroy up: a generator stuck in an await reaches its `finally` once that
      // await settles; the signal is what cancels the await itself.
      source.close(error ?? undefined).catch(options.onCloseError)
      callback(error)
    },
  })

  function halt (): void {
    stopped = true
    clearTimeout(heartbeatTimer)
    clearImmediate(flushing)
  }

  /** Pushes what is pending; false when the consumer wants no more for now. */
  function flush (): boolean {
    flushing = undefined
    if (pending === '') return true
    const bytes = Buffer.from(pending)
    pending = ''
    pushedBytes += bytes.length
    sinceTurn += bytes.length
    lastWrite = Date.now()
    const more = readable.push(bytes)
    if (readable.readableLength > 0) watch()
    return more
  }

  function end (last: string, stopSource: boolean): void {
    pending += last
    flush()
    halt()
    readable.push(null)
    if (stopSource) source.close().catch(options.onCloseError)
  }

  async function pump (): Promise<void> {
    for (;;) {
      if (sinceTurn >= TURN_EVERY) {
        sinceTurn = 0
        await nextTurn()
        // The client left during that turn (a matter of timing: a fast client usually leaves
        // while the pump waits for read() instead).
        /* c8 ignore next */
        if (stopped) return
      }
      let result = next()
      if (isPromise(result)) {
        result = await result
        if (stopped) return
      }
      if (result === null || typeof result !== 'object') {
        throw new ReplyKitBadStreamSourceError(`reply.sse source: its iterator's next() gave ${result === null ? 'null' : typeof result}, not an iterator result`)
      }
      if (result.done === true) return end('', false)
      let text: string
      try {
        text = encode(result.value)
      } catch (error) {
        if (!(error instanceof ReplyKitSseFieldError)) throw error
        options.onFieldError(error)
        return end('', true)
      }
      pending += text
      if (pending.length >= BATCH) {
        if (!flush()) {
          pulling = false
          return
        }
      } else {
        flushing ??= setImmediate(flush)
        // Each item of a slow source leaves on its own turn: stop pulling once the client is behind.
        if (readable.readableLength >= BATCH) {
          pulling = false
          return
        }
      }
    }
  }

  /** A comment line, only once nothing was written for `heartbeat` ms. */
  function beat (): void {
    const silent = Date.now() - lastWrite
    if (silent < heartbeat - 1) {
      heartbeatTimer = setTimeout(beat, heartbeat - silent)
      return
    }
    // A client that is not reading gets no heartbeat piled on; the write timeout deals with it.
    if (readable.readableLength === 0) {
      pending += HEARTBEAT
      flush()
    }
    heartbeatTimer = setTimeout(beat, heartbeat)
  }

  /** Checks, every `writeTimeout` ms while written bytes wait unread, that some of them were taken. */
  function watch (): void {
    if (watchTimer !== undefined) return
    watchedConsumed = pushedBytes - readable.readableLength
    watchTimer = setTimeout(checkProgress, writeTimeout)
  }

  function checkProgress (): void {
    watchTimer = undefined
    if (readable.readableLength === 0) return
    if (pushedBytes - readable.readableLength === watchedConsumed) {
      readable.destroy(new ReplyKitSseWriteTimeoutError(`the client read nothing for ${writeTimeout} ms: connection closed`))
      return
    }
    watch()
  }

  return {
    readable,
    finish (last) {
      // Already ended: app.close() met a stream whose last bytes the client has not read yet.
      /* c8 ignore next */
      if (stopped) return
      end(last, true)
    },
  }
}
