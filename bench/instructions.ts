// The instruction-count mode of the bench harness (`npm run bench -- --instructions [filter]`): each
// HTTP pair served under valgrind's callgrind, which counts the instructions the server process
// runs, whatever else the machine is doing. Server CPU time per request moves 30 % on these shared
// machines from one second to the next; an instruction count moves well under 1 % between runs
// when everything the process does is made repeatable: V8 on one thread (no concurrent compiler or
// GC threads), fixed hash and random seeds, no layout jitter, and a long warm-up so that the JIT
// has finished before counting starts. Instructions are not time (cache misses, system calls and
// the kernel's work are not counted), so this mode complements the CPU-time gate, it does not
// replace it: it shows what a change costs in the code that runs, reproducibly.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { serverNode } from './node-line.js'
import { median } from './stats.js'
import type { Scenario } from './harness.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Requests per counted round, and before it (uncounted) in the same process. */
export const COUNT_REQUESTS = Number(process.env.BENCH_COUNT_REQUESTS ?? 5000)
export const COUNT_WARMUP = Number(process.env.BENCH_COUNT_WARMUP ?? 20000)
export const COUNT_ROUNDS = Number(process.env.BENCH_COUNT_ROUNDS ?? 3)
// Repeatable V8: one thread, fixed seeds (node and V8 flags).
const REPEATABLE = ['--single-threaded', '--hash-seed=1', '--random-seed=1']

/** How a variant's server is started and loaded, for counting: set by httpVariant and pairedHttpVariants. */
export interface Counted {
  module: string
  /** The variant list of its server process (`a,b` for a pair sharing one). */
  variants: string
  /** Which app of that process. */
  index: number
  path: string
}

export interface CountResult { name: string, target: number, a: number[], b: number[], ratio: number, medianRatio: number }

interface CountedServer { child: ChildProcess, urls: string[], out: string, dir: string }

async function startCounted (module: string, variants: string): Promise<CountedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-count-'))
  const out = join(dir, 'callgrind.out')
  const args = ['--tool=callgrind', '--smc-check=all-non-file', '--dump-instr=no', `--callgrind-out-file=${out}`,
    serverNode.execPath, ...serverNode.flags, ...REPEATABLE, join(root, 'dist', 'bench', 'serve.js'), module, variants]
  const child = spawn('valgrind', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, BENCH_JITTER: '0' } })
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  const first = await Promise.race([
    lines.next(),
    once(child, 'exit').then(([code]) => { throw new Error(`counted server ${module} ${variants} exited with ${code} (is valgrind installed?)`) }),
  ])
  return { child, urls: (JSON.parse(first.value as string) as { urls: string[] }).urls, out, dir }
}

async function run (command: string, args: string[]): Promise<string> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] })
  let text = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { text += chunk })
  const [code] = await once(child, 'exit')
  if (code !== 0) throw new Error(`${command} exited with ${code}`)
  return text
}

/** Sends exactly `requests` requests (8 connections); every answer must be a 2xx. */
async function load (url: string, requests: number): Promise<void> {
  const summary = JSON.parse(await run(process.execPath, [join(root, 'node_modules', 'autocannon', 'autocannon.js'),
    '--json', '-a', String(requests), '-c', '8', '-t', '60', url])) as { errors: number, timeouts: number, non2xx: number }
  if (summary.errors + summary.timeouts + summary.non2xx > 0) throw new Error(`${url}: ${summary.errors + summary.timeouts} errors, ${summary.non2xx} non-2xx answers`)
}

/**
 * Instructions per request of one app, in a fresh server process of its own (two apps sharing a
 * process would deoptimize each other's shared code between rounds): warmed, counters zeroed,
 * loaded, counters dumped.
 */
async function countOnce (counted: Counted): Promise<number> {
  const server = await startCounted(counted.module, counted.variants)
  try {
    const url = server.urls[counted.index] + counted.path
    await load(url, COUNT_WARMUP)
    await run('callgrind_control', ['--zero', String(server.child.pid)])
    await load(url, COUNT_REQUESTS)
    await run('callgrind_control', ['--dump', String(server.child.pid)])
    const dump = readFileSync(`${server.out}.1`, 'utf8')
    const total = /^(?:summary|totals): (\d+)/m.exec(dump)
    if (total === null) throw new Error(`no instruction total in ${server.out}.1`)
    return Number(total[1]) / COUNT_REQUESTS
  } finally {
    await stop(server)
  }
}

async function stop (server: CountedServer): Promise<void> {
  if (server.child.exitCode === null) {
    const exited = once(server.child, 'exit')
    server.child.kill('SIGTERM')
    await exited
  }
  rmSync(server.dir, { recursive: true, force: true })
}

/** Counts a scenario whose two variants are HTTP variants; undefined for any other. */
export async function countScenario (scenario: Scenario): Promise<CountResult | undefined> {
  const a = scenario.a.counted
  const b = scenario.b.counted
  if (a === undefined || b === undefined) return undefined
  const counts: { a: number[], b: number[] } = { a: [], b: [] }
  for (let round = 0; round < COUNT_ROUNDS; round++) {
    counts.a.push(await countOnce(a))
    counts.b.push(await countOnce(b))
  }
  // A/B, as the CPU ratio: above 1 when B runs fewer instructions per request. What is left to
  // chance (a garbage collection's marking, a late recompilation) only adds instructions to a
  // round: the minimum of each side is the figure, the medians' ratio is printed beside it.
  return { name: scenario.name, target: scenario.target, ...counts, ratio: Math.min(...counts.a) / Math.min(...counts.b), medianRatio: median(counts.a) / median(counts.b) }
}
