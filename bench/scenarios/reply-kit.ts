// The whole suite on one route against the same route written by hand.
import { httpVariant, type Scenario } from '../harness.js'

const scenarios: Scenario[] = [{
  name: 'reply-kit: whole suite, every feature on one route vs hand-written Fastify + @fastify/cookie',
  unit: 'req/s',
  target: 0.93,
  a: httpVariant('hand-written', 'reply-kit', 'hand', '/posts/42'),
  b: httpVariant('replyKit', 'reply-kit', 'kit', '/posts/42'),
}]

export default scenarios
