// Shared by the reply.sse tests: an app with replyHelpers on a real socket, undici's EventSource
// as the independent client, a log sink, and a raw reader of the bytes as they arrive.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { Writable } from 'node:stream'
import { Agent, EventSource, fetch, type MessageEvent } from 'undici'
import { replyHelpers } from '../../plugins/reply-helpers.js'
import { listen } from './server.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export interface Received { type: string, data: string, lastEventId: string }

/** Log lines (parsed pino JSON) of an app built by `sseApp`. */
export type LogLines = Array<Record<string, unknown> & { level: number, msg: string }>

/** Fastify with a JSON logger into `logs`, replyHelpers registered; `setup` adds routes and plugins. */
export async function sseApp (setup: (app: FastifyInstance) => unknown, options: FastifyServerOptions | { http2: true } = {}): Promise<{ app: FastifyInstance, logs: LogLines }> {
  const logs: LogLines = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line !== '') logs.push(JSON.parse(line))
      callback()
    },
  })
  const app = Fastify({ logger: { level: 'info', stream }, ...options } as FastifyServerOptions)
  await app.register(replyHelpers)
  await setup(app)
  return { app, logs }
}

export async function startSse (t: Teardown, setup: (app: FastifyInstance) => unknown, options: FastifyServerOptions | { http2: true } = {}): Promise<{ app: FastifyInstance, logs: LogLines, base: string }> {
  const { app, logs } = await sseApp(setup, options)
  const base = await listen(t, app)
  return { app, logs, base }
}

/**
 * Opens an EventSource and collects events of the given types ('message' always) until `count`
 * arrived (or `until` says so); closes it and resolves with them.
 */
export function receive (url: string, count: number, types: string[] = [], init?: ConstructorParameters<typeof EventSource>[1]): Promise<Received[]> {
  return new Promise((resolve, reject) => {
    const source = new EventSource(url, init)
    const events: Received[] = []
    const timer = setTimeout(() => {
      source.close()
      reject(new Error(`only ${events.length} of ${count} events after 5 s: ${JSON.stringify(events)}`))
    }, 5000)
    const take = (event: MessageEvent<string>): void => {
      events.push({ type: event.type, data: event.data, lastEventId: event.lastEventId })
      if (events.length === count) {
        clearTimeout(timer)
        source.close()
        resolve(events)
      }
    }
    for (const type of ['message', ...types]) source.addEventListener(type, take as (event: Event) => void)
  })
}

/** The raw body as text, read until `done(text)` says enough; then the request is cancelled. */
export async function readUntil (url: string, done: (text: string) => boolean, headers: Record<string, string> = {}): Promise<{ text: string, headers: Headers, status: number }> {
  const controller = new AbortController()
  // A client of its own, closed at the end: after an abort, Node.js 22's bundled fetch opens a
  // spare connection that sends no request, and app.close() then waits for it (about 70 s).
  const client = new Agent()
  try {
    return await readWith(client, url, done, headers, controller)
  } finally {
    await client.destroy()
  }
}

async function readWith (client: Agent, url: string, done: (text: string) => boolean, headers: Record<string, string>, controller: AbortController): Promise<{ text: string, headers: Headers, status: number }> {
  const response = await fetch(url, { headers, signal: controller.signal, dispatcher: client })
  let text = ''
  const decoder = new TextDecoder()
  const reader = response.body!.getReader()
  while (!done(text)) {
    const { value, done: ended } = await reader.read()
    if (ended) break
    text += decoder.decode(value, { stream: true })
  }
  controller.abort()
  return { text, headers: response.headers, status: response.status }
}

/** Resolves once `check()` is true, or rejects after `ms`. */
export async function eventually (check: () => boolean, ms = 2000, what = 'condition'): Promise<number> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`${what} not met after ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return Date.now() - start
}
