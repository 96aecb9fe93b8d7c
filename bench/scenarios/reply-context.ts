// replyContext: a JSON route whose service sets a header through useReply(), against the same
// route passing `reply` down by hand.
import type { Scenario } from '../harness.js'
import { cpuVariant, warmHttpVariant } from '../cpu-variant.js'

const scenarios: Scenario[] = [{
  name: 'reply-context: JSON route, useReply() once vs reply passed down',
  unit: 'req/s',
  target: 0.95,
  a: warmHttpVariant('reply passed down', 'reply-context', 'reply', '/post'),
  b: warmHttpVariant('useReply()', 'reply-context', 'context', '/post'),
}, {
  // The same pair in requests per server CPU-second: steady when other jobs share the cores.
  name: 'reply-context (CPU): JSON route, useReply() once vs reply passed down',
  unit: 'req/CPU-s',
  target: 0.95,
  a: cpuVariant('reply passed down', 'reply-context', 'reply', '/post'),
  b: cpuVariant('useReply()', 'reply-context', 'context', '/post'),
}, {
  // Diagnostic, no target: what Node.js 20 charges any process once an AsyncLocalStorage is in
  // use (async hooks on every promise and tick), before replyContext does anything per request.
  name: 'reply-context (CPU, diagnostic): AsyncLocalStorage used once in the process vs never',
  unit: 'req/CPU-s',
  target: 0,
  a: cpuVariant('no AsyncLocalStorage', 'reply-context', 'reply', '/post'),
  b: cpuVariant('AsyncLocalStorage used once', 'reply-context', 'als-idle', '/post'),
}]

export default scenarios
