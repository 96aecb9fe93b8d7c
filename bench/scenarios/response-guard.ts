// responseGuard on its normal path: a schema'd JSON route with the guard against the same route
// without it. The guard serializes through the same kind of compiled schema Fastify uses and adds
// two per-route hooks; real work happens only when a body bypasses the schema. Both apps in one process.
import { pairedHttpVariants, type Scenario } from '../harness.js'

const scenarios: Scenario[] = [{
  name: 'response-guard: schema\'d JSON route with vs without the guard',
  unit: 'req/s',
  target: 0.98,
  ...pairedHttpVariants('response-guard', '/user', ['fastify, no guard', 'plain'], ['with responseGuard', 'guard']),
}]

export default scenarios
