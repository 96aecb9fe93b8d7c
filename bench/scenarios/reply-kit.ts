// The whole suite on one route against the same route written by hand with plain Fastify and
// @fastify/cookie. Target 0.95 on Node.js 24 and later (issue 12); informational on 20 and 22,
// where replyKit's replyContext pays the runtime's async-hooks tax (see reply-context's floor).
import { httpVariant, pairedHttpVariants, type Scenario } from '../harness.js'
import { serverNode, targetFor } from '../node-line.js'

// From Node.js 24 (AsyncContextFrame, no process-wide async hooks) both apps share one process.
const pair = serverNode.major >= 24
  ? pairedHttpVariants('reply-kit', '/posts/42', ['hand-written', 'hand'], ['replyKit', 'kit'])
  : { a: httpVariant('hand-written', 'reply-kit', 'hand', '/posts/42'), b: httpVariant('replyKit', 'reply-kit', 'kit', '/posts/42') }

const scenarios: Scenario[] = [{
  name: 'reply-kit: whole suite, every feature on one route vs hand-written Fastify + @fastify/cookie',
  unit: 'req/s',
  target: targetFor([{ from: 24, target: 0.95 }], 0),
  ...pair,
}]

export default scenarios
