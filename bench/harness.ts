// The benchmark harness: servers pinned to one core, the load generator pinned to the other, A and B
// measured alternately (ABBA) over several rounds, each measurement on a fresh server process warmed
// up first; medians and their ratio reported, with the server's own CPU time per request beside them.
// Fresh processes per round: two processes of the same build differ by up to 10 % here (code layout,
// JIT choices, the VM's neighbours), so one process per variant would compare processes, not code.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
export const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? '0'
export const LOAD_CORE = process.env.BENCH_LOAD_CORE ?? '1'
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 3)

/** What one run of one variant measured: the figure compared, plus figures worth printing beside it. */
export interface Measurement { value: number, extra?: Record<string, number> }

export interface Variant {
  label: string
  /** Starts what a long-lived variant serves, once per scenario; it is then warmed by one uncounted measurement. */
  start?: () => Promise<void>
  /** Measures once for `seconds`; a variant without `start` warms up whatever it starts itself. */
  measure: (seconds: number) => Promise<Measurement>
  stop?: () => Promise<void>
}

export interface Scenario {
  name: string
  /** What `value` counts, e.g. 'req/s', 'rows/s', 'MB/s'. */
  unit: string
  /** B/A must be at least this (A is the peer, B is ours). */
  target: number
  a: Variant
  b: Variant
}

export interface VariantResult { label: string, median: number, runs: number[], extra: Record<string, number>, extraRuns: Record<string, number[]> }

export interface ScenarioResult {
  name: string
  unit: string
  target: number
  a: VariantResult
  b: VariantResult
  ratio: number
  pass: boolean
}

export function median (values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Each extra figure over a variant's measurements, run by run. */
function extraRuns (measurements: Measurement[]): Record<string, number[]> {
  const names = new Set(measurements.flatMap(m => Object.keys(m.extra ?? {})))
  return Object.fromEntries([...names].map(name => [name, measurements.map(m => m.extra?.[name] ?? NaN)]))
}

/** Alternates A and B (ABBA, so neither always runs first) and compares medians. */
export async function runScenario (scenario: Scenario, rounds = ROUNDS): Promise<ScenarioResult> {
  const variants = { a: scenario.a, b: scenario.b }
  const measured: { a: Measurement[], b: Measurement[] } = { a: [], b: [] }
  try {
    for (const variant of [scenario.a, scenario.b]) {
      if (variant.start === undefined) continue
      await variant.start()
      await variant.measure(WARMUP_SECONDS)
    }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['a', 'b'] as const : ['b', 'a'] as const
      for (const which of order) measured[which].push(await variants[which].measure(SECONDS))
    }
  } finally {
    await scenario.a.stop?.()
    await scenario.b.stop?.()
  }
  const result = (variant: Variant, ms: Measurement[]): VariantResult => {
    const runs = ms.map(m => m.value)
    const extras = extraRuns(ms)
    const extra = Object.fromEntries(Object.entries(extras).map(([name, values]) => [name, median(values)]))
    return { label: variant.label, median: median(runs), runs, extra, extraRuns: extras }
  }
  const a = result(scenario.a, measured.a)
  const b = result(scenario.b, measured.b)
  const ratio = b.median / a.median
  return { name: scenario.name, unit: scenario.unit, target: scenario.target, a, b, ratio, pass: ratio >= scenario.target }
}

export interface RunningServer { url: string, urls: string[], child: ChildProcess, close: () => Promise<void> }

/**
 * Starts `dist/bench/serve.js <module> <variant>` pinned to the server core. The module is a file of
 * bench/servers/ whose default export builds a Fastify app for a variant name; `variant` may list
 * several, comma-separated, for one app each in the same process (`urls`).
 */
export async function startServer (module: string, variant: string): Promise<RunningServer> {
  // taskset execs node, so the child's pid is the server's own (its CPU time is read from /proc).
  const child = spawn('taskset', ['-c', SERVER_CORE, process.execPath, join(root, 'dist', 'bench', 'serve.js'), module, variant], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout! })
  const [line] = await Promise.race([
    once(lines, 'line') as Promise<[string]>,
    once(child, 'exit').then(([code]) => { throw new Error(`bench server ${module} ${variant} exited with ${code}`) }),
  ])
  const { url, urls } = JSON.parse(line) as { url: string, urls: string[] }
  return {
    url,
    urls,
    child,
    close: async () => {
      lines.close()
      if (child.exitCode === null) {
        const exited = once(child, 'exit')
        child.kill('SIGTERM')
        await exited
      }
    },
  }
}

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds (pid: number): number {
  // Fields after the command name (in parentheses): utime is the 12th, stime the 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

/** Runs `load` and adds the server's CPU time per `per` units of the work it did (`extra.cpuMicros`). */
async function withServerCpu (pid: number, per: number, load: () => Promise<{ value: number, work: number }>): Promise<Measurement> {
  const before = cpuSeconds(pid)
  const { value, work } = await load()
  return { value, extra: { cpuMicros: (cpuSeconds(pid) - before) / work * per * 1e6 } }
}

/**
 * A variant served by `module`/`variant`: each measurement starts a fresh server, warms it with
 * `load` for WARMUP_SECONDS (JIT, lazy start-up work; not counted), then measures with `load` for
 * `seconds`. `load` returns its figure and how many units of work it did; the server's CPU time per
 * unit (µs per `per` units) goes in `extra.cpuMicros`.
 */
export function serverVariant (label: string, module: string, variant: string, per: number,
  load: (url: string, seconds: number) => Promise<{ value: number, work: number }>): Variant {
  return {
    label,
    measure: async (seconds) => {
      const server = await startServer(module, variant)
      try {
        await load(server.url, WARMUP_SECONDS)
        return await withServerCpu(server.child.pid!, per, async () => await load(server.url, seconds))
      } finally {
        await server.close()
      }
    },
  }
}

export interface LoadResult { requestsPerSecond: number, requests: number, errors: number, non2xx: number }

/** Runs autocannon (its CLI, pinned to the load core; 50 connections) against a URL and reads its JSON summary. */
export async function autocannon (url: string, seconds: number): Promise<LoadResult> {
  const args = ['-c', LOAD_CORE, process.execPath, join(root, 'node_modules', 'autocannon', 'autocannon.js'),
    '--json', '-d', String(seconds), '-c', '50', url]
  const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'ignore'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
  const [code] = await once(child, 'exit')
  if (code !== 0) throw new Error(`autocannon exited with ${code}`)
  const summary = JSON.parse(out)
  return {
    requestsPerSecond: summary.requests.average,
    requests: summary.requests.total,
    errors: summary.errors + summary.timeouts,
    non2xx: summary.non2xx,
  }
}

/**
 * A variant that serves `module`/`variant` in a process of its own and measures req/s on one path
 * with autocannon. `extra.cpuMicros` is the server's CPU time per request.
 */
export function httpVariant (label: string, module: string, variant: string, path: string): Variant {
  return serverVariant(label, module, variant, 1, async (url, seconds) => await requestRate(label, url + path, seconds))
}

/** Measures req/s on `url` with autocannon; every answer must be a 2xx. */
async function requestRate (label: string, url: string, seconds: number): Promise<{ value: number, work: number }> {
  const load = await autocannon(url, seconds)
  if (load.errors > 0 || load.non2xx > 0) throw new Error(`${label}: ${load.errors} errors, ${load.non2xx} non-2xx answers`)
  return { value: load.requestsPerSecond, work: load.requests }
}

/**
 * A and B served by one process, each app on its own port: for plugins whose cost is a few percent,
 * smaller than what separates two processes of the same build (see the file comment). In the same
 * process both apps share the code layout and the JIT's state, so their ratio is the cost of the
 * code. Each round starts a fresh process (with its own layout jitter), warms both apps, then
 * measures A and B in the scenario's order. Not for a plugin with process-wide effects (replyContext's
 * AsyncLocalStorage taxes every app of the process): those need httpVariant.
 */
export function pairedHttpVariants (module: string, path: string, a: [label: string, variant: string], b: [label: string, variant: string]): { a: Variant, b: Variant } {
  let server: RunningServer | undefined
  let measured = 0
  const variant = (index: 0 | 1, label: string): Variant => ({
    label,
    measure: async (seconds) => {
      const fresh = server === undefined
      server ??= await startServer(module, `${a[1]},${b[1]}`)
      const running = server
      try {
        if (fresh) for (const url of running.urls) await requestRate(label, url + path, WARMUP_SECONDS)
        return await withServerCpu(running.child.pid!, 1, async () => await requestRate(label, running.urls[index] + path, seconds))
      } catch (error) {
        measured = 1 // a failed round ends here: the finally below closes its process
        throw error
      } finally {
        // Both measured (or one failed): this round's process is done.
        if (++measured % 2 === 0) {
          server = undefined
          await running.close()
        }
      }
    },
  })
  return { a: variant(0, a[0]), b: variant(1, b[0]) }
}
