// secureCookies on its normal path: `reply.setCookie(name, value)` through our wrapper (defaults,
// rules, size bound) against bare @fastify/cookie given the same attributes explicitly. Both apps
// in one process.
import { pairedHttpVariants, type Scenario } from '../harness.js'

const scenarios: Scenario[] = [{
  name: 'secure-cookies: our defaults vs bare @fastify/cookie',
  unit: 'req/s',
  target: 0.97,
  ...pairedHttpVariants('secure-cookies', '/session', ['bare @fastify/cookie', 'bare'], ['secureCookies', 'ours']),
}]

export default scenarios
