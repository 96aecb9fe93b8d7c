// `npm run bench [name-filter]`: runs every scenario of bench/scenarios/ (or those whose name
// contains the filter) and prints medians, low percentiles, their ratios with 95 % bootstrap
// intervals, and whether each target is met (the interval's lower bound reaches it); `--json`
// prints the results as JSON. `--instructions` counts instructions per request of the HTTP pairs
// instead (bench/instructions.ts). `BENCH_NODE=24` runs the servers on Node.js 24 (bench/node-line.ts).
import { readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { runScenario, LOW_PERCENTILE, ROUNDS, ROUNDS_PER_PROCESS, SECONDS, type Scenario, type ScenarioResult } from './harness.js'
import { serverNode } from './node-line.js'
import { COUNT_REQUESTS, COUNT_ROUNDS, COUNT_WARMUP, countScenario, type CountResult } from './instructions.js'
import { percentile, type Interval } from './stats.js'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const json = args.includes('--json')
const instructions = args.includes('--instructions')
const filter = args.find(a => !a.startsWith('--'))

const files = (await readdir(join(here, 'scenarios'))).filter(f => f.endsWith('.js')).sort()
const scenarios: Scenario[] = []
for (const file of files) {
  const mod = await import(join(here, 'scenarios', file)) as { default: Scenario[] }
  // Several filters: `a|b`, any of them.
  scenarios.push(...mod.default.filter(s => filter === undefined || filter.split('|').some(part => s.name.includes(part))))
}

if (instructions) {
  console.error(`instructions per request, under callgrind, on Node.js ${serverNode.version}: ${COUNT_WARMUP} requests of warm-up per app, ` +
    `then ${COUNT_ROUNDS} counted rounds of ${COUNT_REQUESTS} requests, A and B alternated`)
  const counted: CountResult[] = []
  let missed = 0
  for (const scenario of scenarios) {
    const result = await countScenario(scenario)
    if (result === undefined) continue
    counted.push(result)
    const met = result.target === 0 ? 'info' : result.ratio >= result.target ? 'ok  ' : 'FAIL'
    if (met === 'FAIL') missed++
    const each = (values: number[]): string => values.map(v => v.toFixed(0)).join(' ')
    console.error(`${met} ${result.name} (target >= ${result.target} on the instruction ratio A/B of the minima)`)
    console.error(`     instructions per request: A ${each(result.a)} | B ${each(result.b)}; A/B minima ${result.ratio.toFixed(4)}, medians ${result.medianRatio.toFixed(4)}`)
  }
  if (json) console.log(JSON.stringify(counted, null, 2))
  process.exit(missed > 0 ? 1 : 0)
}

const format = (n: number): string => n >= 100 ? n.toFixed(0) : n.toFixed(2)
const interval = (i: Interval): string => `${i.estimate.toFixed(3)} [95 % CI ${i.low.toFixed(3)}, ${i.high.toFixed(3)}]`
const low = `p${Math.round(LOW_PERCENTILE * 100)}`
console.error(`${scenarios.length} scenario(s) on Node.js ${serverNode.version}${serverNode.flags.length > 0 ? ` ${serverNode.flags.join(' ')}` : ''}: ` +
  `${ROUNDS} rounds of ${SECONDS}s per side, A/B alternated (ABBA), a fresh server process every ${ROUNDS_PER_PROCESS} rounds`)
const results: ScenarioResult[] = []
let failed = 0
for (const scenario of scenarios) {
  const r = await runScenario(scenario)
  results.push(r)
  if (!r.pass) failed++
  const verdict = r.target === 0 ? 'info' : r.pass ? 'ok  ' : 'FAIL'
  console.error(`${verdict} ${r.name} (target >= ${r.target} on the ${r.gate === 'median' ? 'median ratio' : `${low} CPU ratio`}, its CI's lower bound)`)
  console.error(`     ${r.unit}, medians: B ${r.b.label} ${format(r.b.median)} / A ${r.a.label} ${format(r.a.median)} = ${interval(r.ratioInterval)}`)
  console.error(`     runs: A ${r.a.runs.map(format).join(' ')} | B ${r.b.runs.map(format).join(' ')}`)
  // Server CPU per unit of work: noise (other jobs, a slow phase) only raises it, so its low percentile is the steadiest figure.
  if (r.cpuRatio !== undefined && r.cpuLowRatio !== undefined) {
    const [a, b] = [r.a.extraRuns.cpuMicros, r.b.extraRuns.cpuMicros]
    console.error(`     server CPU per unit, A/B: medians ${r.a.extra.cpuMicros.toFixed(2)} / ${r.b.extra.cpuMicros.toFixed(2)} µs = ${interval(r.cpuRatio)}; ` +
      `${low} ${percentile(a, LOW_PERCENTILE).toFixed(2)} / ${percentile(b, LOW_PERCENTILE).toFixed(2)} µs = ${interval(r.cpuLowRatio)}`)
    console.error(`     CPU runs: A ${a.map(n => n.toFixed(1)).join(' ')} | B ${b.map(n => n.toFixed(1)).join(' ')}`)
  }
}
if (json) console.log(JSON.stringify(results, null, 2))
process.exitCode = failed > 0 ? 1 : 0
