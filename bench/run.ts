// `npm run bench [name-filter]`: runs every scenario of bench/scenarios/ (or those whose name
// contains the filter) and prints medians and ratios; `--json` prints the results as JSON.
import { readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { runScenario, ROUNDS, SECONDS, type Scenario, type ScenarioResult } from './harness.js'

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
console.error(`${scenarios.length} scenario(s), ${ROUNDS} rounds of ${SECONDS}s each, A/B alternated`)
const results: ScenarioResult[] = []
let failed = 0
for (const scenario of scenarios) {
  const r = await runScenario(scenario)
  results.push(r)
  if (!r.pass) failed++
  console.error(`${r.pass ? 'ok  ' : 'FAIL'} ${r.name}: ${r.b.label} ${format(r.b.median)} ${r.unit} / ${r.a.label} ${format(r.a.median)} ${r.unit} = ${r.ratio.toFixed(3)} (target >= ${r.target})`)
  console.error(`     runs: A ${r.a.runs.map(format).join(' ')} | B ${r.b.runs.map(format).join(' ')}`)
  // Server CPU per unit of work: far steadier than wall-clock rates when other jobs share the cores.
  const cpuA = r.a.extra.cpuMicros
  const cpuB = r.b.extra.cpuMicros
  if (cpuA !== undefined && cpuB !== undefined) {
    console.error(`     server CPU per unit: A ${cpuA.toFixed(1)} µs, B ${cpuB.toFixed(1)} µs, A/B = ${(cpuA / cpuB).toFixed(3)}`)
    console.error(`     CPU runs: A ${r.a.extraRuns.cpuMicros.map(n => n.toFixed(1)).join(' ')} | B ${r.b.extraRuns.cpuMicros.map(n => n.toFixed(1)).join(' ')}`)
  }
}
if (json) console.log(JSON.stringify(results, null, 2))
process.exitCode = failed > 0 ? 1 : 0
