// secureCookies on its normal path: `reply.setCookie(name, value)` through our wrapper (defaults,
// rules, size bound) against bare @fastify/cookie given the same attributes explicitly.
import { httpVariant } from '../harness.js';
const scenarios = [
    {
        name: 'secure-cookies: our defaults vs bare @fastify/cookie',
        unit: 'req/s',
        target: 0.97,
        a: httpVariant('bare @fastify/cookie', 'secure-cookies', 'bare', '/session'),
        b: httpVariant('secureCookies', 'secure-cookies', 'ours', '/session'),
    },
];
export default scenarios;
//# sourceMappingURL=secure-cookies.js.map