// The benchmark harness: servers pinned to one core, the load generator pinned to the other, A and B
// measured in many short interleaved rounds (ABBA, about a second each), each round's server CPU
// time per unit of work read beside its rate. Reported per scenario: the medians and a low
// percentile of the rounds, their ratios, and a bootstrap confidence interval of each ratio; a
// target counts as met only when the interval's lower bound reaches it (bench/README.md).
// A server process serves ROUNDS_PER_PROCESS rounds, warmed first, then a fresh one (with its own
// layout jitter) takes over: two processes of the same build differ by up to 25 % here (code layout),
// so the rounds must sample several processes; where possible A and B share one (pairedHttpVariants).
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readdirSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { serverNode } from './node-line.js'
import { bootstrap, median, percentile, type Interval, type RoundPair } from './stats.js'
import type { Counted } from './instructions.js'

export { median } from './stats.js'
const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
export const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? '0'
export const LOAD_CORE = process.env.BENCH_LOAD_CORE ?? '1'
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40)
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 1)
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 3)
export const ROUNDS_PER_PROCESS = Number(process.env.BENCH_ROUNDS_PER_PROCESS ?? 8)
/** The low percentile compared beside the medians: noise only raises CPU per request. */
export const LOW_PERCENTILE = Number(process.env.BENCH_LOW_PERCENTILE ?? 0.1)

/** What one run of one variant measured: the figure compared, figures worth printing beside it, and which server process served it. */
export interface Measurement { value: number, extra?: Record<string, number>, process?: number }

export interface Variant {
  label: string
  /** Starts what a long-lived variant serves, once per scenario; it is then warmed by one uncounted measurement. */
  start?: () => Promise<void>
  /** Measures once for `seconds`; a variant without `start` warms up whatever it starts itself. */
  measure: (seconds: number) => Promise<Measurement>
  stop?: () => Promise<void>
  /** An HTTP variant's server and path, for the instruction-count mode (bench/instructions.ts). */
  counted?: Counted
}

export interface Scenario {
  name: string
  /** What `value` counts, e.g. 'req/s', 'rows/s', 'MB/s'. */
  unit: string
  /** B/A must be at least this (A is the peer, B is ours); 0 for an informational pair. */
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
  /** B/A of the medians of `value`. */
  ratio: number
  ratioInterval: Interval
  /** A/B of the server CPU per unit of work (higher is better for B), medians and low percentiles. */
  cpuRatio?: Interval
  cpuLowRatio?: Interval
  /** What the target is checked on: the low-percentile CPU ratio when measured, else the median ratio. */
  gate: 'cpu low percentile' | 'median'
  pass: boolean
}

/** Each extra figure over a variant's measurements, run by run. */
function extraRuns (measurements: Measurement[]): Record<string, number[]> {
  const names = new Set(measurements.flatMap(m => Object.keys(m.extra ?? {})))
  return Object.fromEntries([...names].map(name => [name, measurements.map(m => m.extra?.[name] ?? NaN)]))
}

/** Alternates A and B in many short rounds (ABBA, so neither always runs first) and compares them. */
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
  const pairs = (pick: (m: Measurement) => number): RoundPair[] => measured.a.map((m, i) =>
    ({ a: pick(m), b: pick(measured.b[i]), cluster: `${m.process ?? 0}/${measured.b[i].process ?? 0}` }))
  const ratioInterval = bootstrap(pairs(m => m.value), (x, y) => median(y) / median(x))
  const hasCpu = a.extraRuns.cpuMicros !== undefined && b.extraRuns.cpuMicros !== undefined
  const cpu = pairs(m => m.extra?.cpuMicros ?? NaN)
  const cpuRatio = hasCpu ? bootstrap(cpu, (x, y) => median(x) / median(y)) : undefined
  const cpuLowRatio = hasCpu ? bootstrap(cpu, (x, y) => percentile(x, LOW_PERCENTILE) / percentile(y, LOW_PERCENTILE)) : undefined
  const gated = cpuLowRatio ?? ratioInterval
  return {
    name: scenario.name,
    unit: scenario.unit,
    target: scenario.target,
    a,
    b,
    ratio: ratioInterval.estimate,
    ratioInterval,
    cpuRatio,
    cpuLowRatio,
    gate: cpuLowRatio === undefined ? 'median' : 'cpu low percentile',
    pass: gated.low >= scenario.target,
  }
}

export interface RunningServer { url: string, urls: string[], child: ChildProcess, close: () => Promise<void> }

/**
 * Starts `dist/bench/serve.js <module> <variant>` on the bench servers' Node.js line, pinned to the
 * server core. The module is a file of bench/servers/ whose default export builds a Fastify app for a
 * variant name; `variant` may list several, comma-separated, for one app each in the same process (`urls`).
 */
export async function startServer (module: string, variant: string, env: Record<string, string> = {}): Promise<RunningServer> {
  // taskset execs node, so the child's pid is the server's own (its CPU time is read from /proc).
  const args = ['-c', SERVER_CORE, serverNode.execPath, ...serverNode.flags, join(root, 'dist', 'bench', 'serve.js'), module, variant]
  const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } })
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

/**
 * CPU seconds a process has used so far, all threads, to the nanosecond: the sum of the first field
 * of /proc/<pid>/task/<tid>/schedstat (time on a CPU). /proc/<pid>/stat counts in 10 ms ticks, 1 %
 * of a one-second round, too coarse for 2 % comparisons; it is the fallback without schedstat.
 */
export function cpuSeconds (pid: number): number {
  try {
    let nanoseconds = 0
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0])
    }
    return nanoseconds / 1e9
  } catch {
    // Fields after the command name (in parentheses): utime is the 12th, stime the 13th, in 1/100 s.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  }
}

/** Runs `load` and adds the server's CPU time per `per` units of the work it did (`extra.cpuMicros`). */
async function withServerCpu (pid: number, per: number, load: () => Promise<{ value: number, work: number }>): Promise<Measurement> {
  const before = cpuSeconds(pid)
  const { value, work } = await load()
  return { value, extra: { cpuMicros: (cpuSeconds(pid) - before) / work * per * 1e6 }, process: pid }
}

/**
 * A long-lived server for `limit` measurements: started and warmed (`warm`, not counted)
 * at the first, closed after the last (or when one fails) so the next starts a fresh process.
 */
function processEpochs (start: () => Promise<RunningServer>, warm: (server: RunningServer) => Promise<void>, limit = ROUNDS_PER_PROCESS) {
  let server: RunningServer | undefined
  let used = 0
  const close = async (): Promise<void> => {
    const running = server
    server = undefined
    used = 0
    await running?.close()
  }
  return {
    use: async <T>(measure: (server: RunningServer) => Promise<T>): Promise<T> => {
      if (server === undefined) {
        server = await start()
        try { await warm(server) } catch (error) { await close(); throw error }
      }
      try {
        return await measure(server)
      } catch (error) {
        await close()
        throw error
      } finally {
        if (++used >= limit) await close()
      }
    },
    close,
  }
}

/**
 * A variant served by `module`/`variant`: a server process serves ROUNDS_PER_PROCESS measurements,
 * warmed with `load` for WARMUP_SECONDS first (JIT, lazy start-up work; not counted). `load` returns
 * its figure and how many units of work it did; the server's CPU time per unit (µs per `per` units)
 * goes in `extra.cpuMicros`.
 */
export function serverVariant (label: string, module: string, variant: string, per: number,
  load: (url: string, seconds: number) => Promise<{ value: number, work: number }>, env: Record<string, string> = {}): Variant {
  const epochs = processEpochs(async () => await startServer(module, variant, env), async (server) => { await load(server.url, WARMUP_SECONDS) })
  return {
    label,
    measure: async (seconds) => await epochs.use(async (server) =>
      await withServerCpu(server.child.pid!, per, async () => await load(server.url, seconds))),
    stop: epochs.close,
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
  return {
    ...serverVariant(label, module, variant, 1, async (url, seconds) => await requestRate(label, url + path, seconds)),
    counted: { module, variants: variant, index: 0, path },
  }
}

/** Measures req/s on `url` with autocannon; every answer must be a 2xx. */
async function requestRate (label: string, url: string, seconds: number): Promise<{ value: number, work: number }> {
  const load = await autocannon(url, seconds)
  if (load.errors > 0 || load.non2xx > 0) throw new Error(`${label}: ${load.errors} errors, ${load.non2xx} non-2xx answers`)
  return { value: load.requestsPerSecond, work: load.requests }
}

/**
 * A and B served by one process, each app on its own port: for costs of a few percent, smaller than
 * what separates two processes of the same build (see the file comment). In the same process both
 * apps share the code layout and the JIT's state, so their ratio is the cost of the code. A process
 * serves ROUNDS_PER_PROCESS rounds of each (both apps warmed first), then a fresh one takes over.
 * Not for a plugin with process-wide effects unless both sides should pay them (an AsyncLocalStorage
 * on Node.js 20 and 22 taxes every app of its process: the right floor for replyContext there).
 */
export function pairedHttpVariants (module: string, path: string, a: [label: string, variant: string], b: [label: string, variant: string]): { a: Variant, b: Variant } {
  // Each round measures both apps once: a process serves 2 x ROUNDS_PER_PROCESS measurements.
  const epochs = processEpochs(async () => await startServer(module, `${a[1]},${b[1]}`), async (server) => {
    for (const url of server.urls) await requestRate(`${module} warm-up`, url + path, WARMUP_SECONDS)
  }, 2 * ROUNDS_PER_PROCESS)
  const variant = (index: 0 | 1, label: string): Variant => ({
    label,
    counted: { module, variants: `${a[1]},${b[1]}`, index, path },
    measure: async (seconds) => await epochs.use(async (running) =>
      await withServerCpu(running.child.pid!, 1, async () => await requestRate(label, running.urls[index] + path, seconds))),
    stop: epochs.close,
  })
  return { a: variant(0, a[0]), b: variant(1, b[0]) }
}
