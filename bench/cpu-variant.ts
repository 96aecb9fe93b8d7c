// Variants that measure a warm server. httpVariant starts a fresh server for every measurement, so
// its first second (JIT still compiling) is counted, and the scenario's warm-up run warms a process
// that is then stopped; code that warms up slower (AsyncLocalStorage's promise hooks do) loses
// several times its steady-state cost. Here each measurement warms its own server for 3 s first.
// cpuVariant also counts requests per CPU-second of the server process rather than per second: on
// a shared 2-core machine where other jobs steal the cores, req/s swing several times over while
// the server's own CPU time per request stays steady. The server module must call addCpuMeter(app).
import type { FastifyInstance } from 'fastify'
import { autocannon, startServer, type Variant } from './harness.js'

/** Adds GET /__cpu (?start=1 resets the baseline): the server's CPU microseconds since the baseline. */
export function addCpuMeter (app: FastifyInstance): void {
  let base = process.cpuUsage()
  app.get('/__cpu', async (request) => {
    if ((request.query as { start?: string }).start !== undefined) {
      base = process.cpuUsage()
      return { cpu: 0 }
    }
    const used = process.cpuUsage(base)
    return { cpu: used.user + used.system }
  })
}

async function cpuMicros (url: string, start: boolean): Promise<number> {
  const res = await fetch(`${url}/__cpu${start ? '?start=1' : ''}`)
  return (await res.json() as { cpu: number }).cpu
}

const WARM_SECONDS = 3

/** req/s of a warm server on one path: a 3-second warm-up (JIT) on the same process, not counted. */
export function warmHttpVariant (label: string, module: string, variant: string, path: string): Variant {
  return {
    label,
    measure: async (seconds) => {
      const server = await startServer(module, variant)
      try {
        await autocannon(server.url + path, WARM_SECONDS)
        const load = await autocannon(server.url + path, seconds)
        if (load.errors > 0 || load.non2xx > 0) throw new Error(`${label}: ${load.errors} errors, ${load.non2xx} non-2xx answers`)
        return { value: load.requestsPerSecond }
      } finally {
        await server.close()
      }
    },
  }
}

/** Requests per CPU-second of the server on one path, after the same warm-up. */
export function cpuVariant (label: string, module: string, variant: string, path: string): Variant {
  return {
    label,
    measure: async (seconds) => {
      const server = await startServer(module, variant)
      try {
        await autocannon(server.url + path, WARM_SECONDS, { connections: 20 })
        await cpuMicros(server.url, true)
        const load = await autocannon(server.url + path, seconds, { connections: 20 })
        const cpu = await cpuMicros(server.url, false)
        if (load.errors > 0 || load.non2xx > 0) throw new Error(`${label}: ${load.errors} errors, ${load.non2xx} non-2xx answers`)
        return { value: load.requestsPerSecond * seconds / (cpu / 1e6), extra: { cpuMicrosPerRequest: cpu / (load.requestsPerSecond * seconds) } }
      } finally {
        await server.close()
      }
    },
  }
}
