// cacheControl on its normal path: a route policy compiled once in onRoute, applied by one per-route
// onSend hook, against the same route setting the same header by hand. Both apps in one process.
import { pairedHttpVariants, type Scenario } from '../harness.js'

const scenarios: Scenario[] = [{
  name: 'cache-control: route policy vs reply.header()',
  unit: 'req/s',
  target: 0.97,
  ...pairedHttpVariants('cache-control', '/post', ['reply.header()', 'header'], ['config.cache policy', 'policy']),
}]

export default scenarios
