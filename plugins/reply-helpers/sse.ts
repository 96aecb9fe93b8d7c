// reply.sse: Server-Sent Events from an iterable or a `{ signal, lastEventId }` function, sent
// through reply.send as a stream body, so every onSend step of the route sees the answer (route
// headers, the cookie rules, cacheControl). Never cached by a shared cache, never buffered by nginx
// or compressed by @fastify/compress, drained on app.close() with a final event.
import { AsyncResource } from 'node:async_hooks'
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { SseOptions, SseSource } from '../../types/options.js'
import { openSource } from '../../lib/stream-source.js'
import { encodeItem } from '../../lib/sse-event.js'
import { resolveSseOptions, type ResolvedSseOptions } from '../../lib/sse-options.js'
import { sseStream, type SseStream } from '../../lib/sse-readable.js'
import { recordOfRequest } from '../suite/route-record.js'
import '../../types/fastify.js'

/** How long app.close() waits for a stream to take its close event before it is cut. */
const DRAIN_WAIT = 5000
// Neither `no-store` nor `private`: a shared cache may keep it (and replay one user's stream to others).
const SHARED_CACHEABLE = (value: string): boolean => !/(?:^|[\s,])(?:no-store|private)(?:$|[\s,=])/i.test(value)

interface OpenStream { reply: FastifyReply, stream: SseStream, settings: ResolvedSseOptions }

export function registerSseHelper (fastify: FastifyInstance): void {
  const open = new Set<OpenStream>()
  const warned = new Set<string>()
  let closing = false

  fastify.decorateReply('sse', function (this: FastifyReply, source: SseSource, options?: SseOptions) {
    let entry: OpenStream
    try {
      const settings = resolveSseOptions(options)
      sseHeaders(this, warned)
      if (this.request.method === 'HEAD') {
        // Fastify's HEAD handling would drain a stream body to its end: never start the source.
        if (typeof source !== 'function') openSource(source, 'reply.sse source').close().catch(error => logCloseError(this, error))
        return this.send(Readable.from([]))
      }
      entry = { reply: this, stream: openStream(this, source, settings, warned), settings }
    } catch (error) {
      return this.send(error)
    }
    open.add(entry)
    entry.stream.readable.once('close', () => open.delete(entry))
    if (closing) {
      // Started after the drain: ends at once, and an HTTP/1.1 connection must not stay open
      // after it (server.close() only closes connections idle when it is called).
      if (this.request.raw.httpVersionMajor === 1) this.header('connection', 'close')
      drain(entry).catch(() => {}) // never rejects
    }
    return this.send(entry.stream.readable)
  })

  // A rolling deploy: each open stream gets its close event and ends before the server closes.
  fastify.addHook('preClose', async function drainSseStreams () {
    closing = true
    await Promise.all([...open].map(drain))
  })
  fastify.addHook('onClose', async function closeSseStreams () {
    for (const { reply } of open) reply.raw.destroy()
  })
}

function sseHeaders (reply: FastifyReply, warned: Set<string>): void {
  const record = recordOfRequest(reply.request)
  if (record !== undefined) record.helper = 'sse'
  reply.header('content-type', 'text/event-stream; charset=utf-8')
  reply.header('x-accel-buffering', 'no')
  // The route's policy still applies (cacheControl sets it on send) unless a shared cache may keep it.
  const policy = reply.getHeader('cache-control') ?? record?.cache
  if (policy === undefined || policy === '') reply.header('cache-control', 'no-store')
  else if (SHARED_CACHEABLE(String(policy))) refuseShared(reply, String(policy), warned)
  // @fastify/compress would buffer the events in its compressor. It leaves text/event-stream alone
  // by default, and any response of a request with this header (whatever its customTypes say).
  reply.request.raw.headers['x-no-compression'] = 'reply.sse'
}

function refuseShared (reply: FastifyReply, policy: string, warned: Set<string>): void {
  reply.header('cache-control', 'no-store')
  if (reply.raw.headersSent === false) reply.raw.setHeader('cache-control', 'no-store')
  const route = `${reply.request.method} ${reply.request.routeOptions.url ?? reply.request.url}`
  if (warned.has(route)) return
  warned.add(route)
  reply.log.warn({ route, policy }, `reply.sse: ${route}: Cache-Control "${policy}" would let a shared cache store an event stream; sent no-store instead (logged once per route)`)
}

function openStream (reply: FastifyReply, source: SseSource, settings: ResolvedSseOptions, warned: Set<string>): SseStream {
  const lastEventId = reply.request.headers['last-event-id'] as string | undefined
  const opened = openSource(typeof source === 'function' ? (signal: AbortSignal) => source({ signal, lastEventId }) : source, 'reply.sse source')
  // useReply() inside the source: each next() runs in the request's async context, whichever
  // socket event asked for more.
  const next = AsyncResource.bind(() => opened.next())
  const { data } = settings
  return sseStream(opened, {
    encode: (item) => encodeItem(item, data),
    next,
    prelude: settings.prelude,
    heartbeat: settings.heartbeat,
    writeTimeout: settings.writeTimeout,
    onStart: () => {
      // The headers as they leave, after every onSend step (a reply.cache() override included).
      const policy = reply.raw.getHeader('cache-control')
      if (policy === undefined) reply.raw.setHeader('cache-control', 'no-store')
      else if (SHARED_CACHEABLE(String(policy))) refuseShared(reply, String(policy), warned)
    },
    onFieldError: (error) => reply.log.error({ err: error }, 'reply.sse: event refused, stream ended'),
    onCloseError: (error) => logCloseError(reply, error),
  })
}

function logCloseError (reply: FastifyReply, error: unknown): void {
  reply.log.error({ err: error }, 'reply.sse source failed while being stopped')
}

async function drain ({ reply, stream, settings }: OpenStream): Promise<void> {
  const res = reply.raw
  // Taken now: an HTTP/2 response lets go of its stream once closed.
  const session = (res as { stream?: { session?: { close: () => void, closed: boolean } } }).stream?.session
  stream.finish(settings.close)
  if (!res.destroyed && !res.writableFinished) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        res.off('close', done)
        res.off('finish', done)
        resolve()
      }
      // A reader that takes nothing does not hold the shutdown up.
      const timer = setTimeout(() => { res.destroy(); done() }, Math.min(settings.writeTimeout, DRAIN_WAIT))
      res.once('close', done)
      res.once('finish', done)
    })
  }
  // HTTP/2: a graceful GOAWAY, else the idle session would keep server.close() waiting.
  if (session !== undefined && !session.closed) session.close()
}
