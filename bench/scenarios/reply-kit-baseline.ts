// The whole suite on one route, this build against an earlier one (issue 11: "not slower than the
// first round"), both apps in one process. Runs only with BENCH_BASELINE set:
//   git worktree add /tmp/base a007d20 && ln -s "$PWD/node_modules" /tmp/base/node_modules
//   (cd /tmp/base && npx tsc -p tsconfig.build.json)
//   BENCH_BASELINE=/tmp/base npm run bench -- baseline
import { pairedHttpVariants, type Scenario } from '../harness.js'

const scenarios: Scenario[] = process.env.BENCH_BASELINE === undefined
  ? []
  : [{
      name: 'reply-kit baseline: whole suite, this build vs an earlier build (BENCH_BASELINE)',
      unit: 'req/s',
      target: 1.0,
      ...pairedHttpVariants('reply-kit-baseline', '/posts/42', ['earlier build', 'baseline'], ['this build', 'current']),
    }]

export default scenarios
