// `npm run bench [name-filter]`: runs every scenario of bench/scenarios/ (or those whose name
// contains the filter) and prints medians, low percentiles, their ratios with 95 % bootstrap
// intervals, and whether each target is met (the interval's lower bound reaches it); `--json`
// prints the results as JSON. `BENCH_NODE=24` runs the servers on Node.js 24 (bench/node-line.ts).
import { readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { runScenario, LOW_PERCENTILE, ROUNDS, ROUNDS_PER_PROCESS, SECONDS, type Scenario, type ScenarioResult } from './harness.js'
import { serverNode } from './node-line.js'
import { percentile, type Interval } from './stats.js'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const json = args.includes('--json')
const filter = args.find(a => !a.startsWith('--'))

const files = (await readdir(join(here, 'scenarios'))).filter(f => f.endsWith('.js')).sort()
const scenarios: Scenario[] = []
for (const file of files) {
  const mod = await import(join(here, 'scenarios', file)) as { default: Scenario[] }
  scenarios.push(...mod.default.filter(s => filter === undefined || s.name.includes(filter)))
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
