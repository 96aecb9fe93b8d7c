// reply.sse: events per second of one stream against @fastify/sse 0.6.0 sending the same events
// (no schema: it has none), target 1.5x; the same with a TypeBox schema on ours, target 1.2x; both
// per server CPU second too; and the heap each idle open stream holds (informational, lower is better).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { request as httpRequest, type ClientRequest } from 'node:http'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { cpuSeconds, LOAD_CORE, startServer, type RunningServer, type Scenario, type Variant } from '../harness.js'

const here = dirname(fileURLToPath(import.meta.url))
const EVENTS = Number(process.env.BENCH_SSE_EVENTS ?? 200_000)
const IDLE_STREAMS = Number(process.env.BENCH_SSE_IDLE ?? 500)
// Lines of one event on the wire (id, event, data, blank), and of what precedes the first one.
const LINES_PER_EVENT = 4
const PRELUDE: Record<string, number> = { kit: 2, 'kit-schema': 2, 'fastify-sse': 0 }

/** Reads `url` from the load core until `seconds` pass (the rows client counts the lines). */
async function download (url: string, lines: number, seconds: number): Promise<{ downloads: number, elapsed: number }> {
  const child = spawn('taskset', ['-c', LOAD_CORE, process.execPath, join(here, '..', 'rows-client.js'), url, String(lines), String(seconds)],
    { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
  const [code] = await once(child, 'exit')
  if (code !== 0) throw new Error(`rows client exited with ${code} for ${url}`)
  return JSON.parse(out)
}

/** Events per second (or per server CPU second) of whole streams of EVENTS events, back to back. */
function eventsVariant (label: string, variant: string, perCpu = false): Variant {
  let server: RunningServer | undefined
  return {
    label,
    start: async () => { server = await startServer('reply-sse', variant) },
    measure: async (seconds) => {
      const before = cpuSeconds(server!.child.pid!)
      const result = await download(`${server!.url}/events?rows=${EVENTS}`, EVENTS * LINES_PER_EVENT + PRELUDE[variant], seconds)
      const used = cpuSeconds(server!.child.pid!) - before
      const total = result.downloads * EVENTS
      return { value: perCpu ? total / used : total / result.elapsed, extra: { cpuMicros: used / total * 1e6 } }
    },
    stop: async () => { await server?.close() },
  }
}

async function heap (url: string): Promise<number> {
  return ((await (await fetch(`${url}/heap`)).json()) as { heapUsed: number }).heapUsed
}

/** KB of server heap per idle open stream: IDLE_STREAMS streams opened, each past its first event. */
function idleVariant (label: string, variant: string): Variant {
  return {
    label,
    measure: async () => {
      const server = await startServer('reply-sse', variant)
      const requests: ClientRequest[] = []
      try {
        const before = await heap(server.url)
        for (let i = 0; i < IDLE_STREAMS; i++) {
          const req = httpRequest(`${server.url}/idle`, { agent: false })
          req.on('error', () => {})
          const first = new Promise<void>((resolve) => req.on('response', (response) => response.once('data', () => resolve())))
          req.end()
          requests.push(req)
          await first
        }
        const after = await heap(server.url)
        return { value: (after - before) / IDLE_STREAMS / 1024 }
      } finally {
        for (const req of requests) req.destroy()
        await server.close()
      }
    },
  }
}

const scenarios: Scenario[] = [
  {
    name: 'reply.sse vs @fastify/sse 0.6.0, one stream, same events',
    unit: 'events/s',
    target: 1.5,
    a: eventsVariant('@fastify/sse', 'fastify-sse'),
    b: eventsVariant('reply.sse', 'kit'),
  },
  {
    name: 'reply.sse vs @fastify/sse 0.6.0, one stream, same events, per server CPU second',
    unit: 'events/cpu-s',
    target: 1.5,
    a: eventsVariant('@fastify/sse', 'fastify-sse', true),
    b: eventsVariant('reply.sse', 'kit', true),
  },
  {
    name: 'reply.sse with a schema vs @fastify/sse 0.6.0 without, one stream',
    unit: 'events/s',
    target: 1.2,
    a: eventsVariant('@fastify/sse', 'fastify-sse'),
    b: eventsVariant('reply.sse + schema', 'kit-schema'),
  },
  {
    name: 'reply.sse with a schema vs @fastify/sse 0.6.0 without, one stream, per server CPU second',
    unit: 'events/cpu-s',
    target: 1.2,
    a: eventsVariant('@fastify/sse', 'fastify-sse', true),
    b: eventsVariant('reply.sse + schema', 'kit-schema', true),
  },
  {
    // No target: B/A is ours over theirs, and here lower is better.
    name: 'reply.sse vs @fastify/sse 0.6.0, heap per idle open stream (informational, lower is better)',
    unit: 'KB/stream',
    target: 0,
    a: idleVariant('@fastify/sse', 'fastify-sse'),
    b: idleVariant('reply.sse', 'kit'),
  },
]

export default scenarios
