// replyContext: a JSON route whose service sets a header through useReply(), against the same
// route passing `reply` down by hand.
import { httpVariant } from '../harness.js';
import { cpuVariant } from '../cpu-variant.js';
const scenarios = [{
        name: 'reply-context: JSON route, useReply() once vs reply passed down',
        unit: 'req/s',
        target: 0.95,
        a: httpVariant('reply passed down', 'reply-context', 'reply', '/post'),
        b: httpVariant('useReply()', 'reply-context', 'context', '/post'),
    }, {
        // The same pair in requests per server CPU-second: steady when other jobs share the cores.
        name: 'reply-context (CPU): JSON route, useReply() once vs reply passed down',
        unit: 'req/CPU-s',
        target: 0.95,
        a: cpuVariant('reply passed down', 'reply-context', 'reply', '/post'),
        b: cpuVariant('useReply()', 'reply-context', 'context', '/post'),
    }];
export default scenarios;
//# sourceMappingURL=reply-context.js.map