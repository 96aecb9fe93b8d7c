// `npm run bench [name-filter]`: runs every scenario of bench/scenarios/ (or those whose name
// contains the filter) and prints medians and ratios; `--json` prints the results as JSON.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { runScenario, ROUNDS, SECONDS } from './harness.js';
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const filter = args.find(a => !a.startsWith('--'));
const files = (await readdir(join(here, 'scenarios'))).filter(f => f.endsWith('.js')).sort();
const scenarios = [];
for (const file of files) {
    const mod = await import(join(here, 'scenarios', file));
    scenarios.push(...mod.default.filter(s => filter === undefined || s.name.includes(filter)));
}
const format = (n) => n >= 100 ? n.toFixed(0) : n.toFixed(2);
console.error(`${scenarios.length} scenario(s), ${ROUNDS} rounds of ${SECONDS}s each, A/B alternated`);
const results = [];
let failed = 0;
for (const scenario of scenarios) {
    const r = await runScenario(scenario);
    results.push(r);
    if (!r.pass)
        failed++;
    console.error(`${r.pass ? 'ok  ' : 'FAIL'} ${r.name}: ${r.b.label} ${format(r.b.median)} ${r.unit} / ${r.a.label} ${format(r.a.median)} ${r.unit} = ${r.ratio.toFixed(3)} (target >= ${r.target})`);
}
if (json)
    console.log(JSON.stringify(results, null, 2));
process.exitCode = failed > 0 ? 1 : 0;
//# sourceMappingURL=run.js.map