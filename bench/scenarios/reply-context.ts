// replyContext: a JSON route whose service sets a header through useReply(), against the same
// route passing `reply` down by hand; against the floor (the same hand-written route in a process
// where an AsyncLocalStorage is in use); against @fastify/request-context doing the same work; and
// what Node.js charges for an AsyncLocalStorage itself. Targets are per Node.js line (issue 12):
// the cost is the runtime's.
import { httpVariant, pairedHttpVariants, type Scenario } from '../harness.js'
import { serverNode, targetFor } from '../node-line.js'

// From Node.js 24, AsyncLocalStorage rides on AsyncContextFrame: no process-wide async hooks, so the
// hand-written app can share replyContext's process (and its code layout). Before 24 it cannot: it
// would pay the AsyncLocalStorage's tax, which is what the floor scenario measures.
const byHand = serverNode.major >= 24
  ? pairedHttpVariants('reply-context', '/post', ['reply passed down', 'reply'], ['useReply()', 'context'])
  : { a: httpVariant('reply passed down', 'reply-context', 'reply', '/post'), b: httpVariant('useReply()', 'reply-context', 'context', '/post') }

const scenarios: Scenario[] = [{
  name: 'reply-context: JSON route, useReply() once vs reply passed down',
  unit: 'req/s',
  target: targetFor([{ from: 24, target: 0.97 }], 0),
  ...byHand,
}, {
  name: 'reply-context: useReply() vs the floor (reply passed down, an AsyncLocalStorage in use in the process)',
  unit: 'req/s',
  target: targetFor([{ from: 24, target: 0 }], 0.98),
  ...pairedHttpVariants('reply-context', '/post', ['floor: reply passed down', 'reply'], ['useReply()', 'context']),
}, {
  name: 'reply-context: useReply() vs @fastify/request-context doing the same work',
  unit: 'req/s',
  target: 1.0,
  ...pairedHttpVariants('reply-context', '/post', ['@fastify/request-context', 'request-context'], ['useReply()', 'context']),
}, {
  // Diagnostic, no target: what the runtime charges every request of a process once an
  // AsyncLocalStorage is in use (on Node.js 20 and 22: async hooks on every promise, tick and
  // native resource), before replyContext does anything per request.
  name: 'reply-context (diagnostic): AsyncLocalStorage used once in the process vs never',
  unit: 'req/s',
  target: 0,
  a: httpVariant('no AsyncLocalStorage', 'reply-context', 'reply', '/post'),
  b: httpVariant('AsyncLocalStorage used once', 'reply-context', 'als-idle', '/post'),
}]

export default scenarios
