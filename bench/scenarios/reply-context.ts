// replyContext: a JSON route whose service sets a header through useReply(), against the same
// route passing `reply` down by hand; and what Node.js charges for AsyncLocalStorage itself.
import { httpVariant, type Scenario } from '../harness.js'

const scenarios: Scenario[] = [{
  name: 'reply-context: JSON route, useReply() once vs reply passed down',
  unit: 'req/s',
  target: 0.95,
  a: httpVariant('reply passed down', 'reply-context', 'reply', '/post'),
  b: httpVariant('useReply()', 'reply-context', 'context', '/post'),
}, {
  // Diagnostic, no target: what the runtime charges every request of a process once an
  // AsyncLocalStorage is in use (async hooks on every promise, tick and native resource),
  // before replyContext does anything per request.
  name: 'reply-context (diagnostic): AsyncLocalStorage used once in the process vs never',
  unit: 'req/s',
  target: 0,
  a: httpVariant('no AsyncLocalStorage', 'reply-context', 'reply', '/post'),
  b: httpVariant('AsyncLocalStorage used once', 'reply-context', 'als-idle', '/post'),
}]

export default scenarios
