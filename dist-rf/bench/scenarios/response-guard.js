// responseGuard on its normal path: a schema'd JSON route with the guard against the same route
// without it. The guard serializes through the same kind of compiled schema Fastify uses and adds
// two per-route hooks; real work happens only when a body bypasses the schema.
import { httpVariant } from '../harness.js';
const scenarios = [
    {
        name: 'response-guard: schema\'d JSON route with vs without the guard',
        unit: 'req/s',
        target: 0.98,
        a: httpVariant('fastify, no guard', 'response-guard', 'plain', '/user'),
        b: httpVariant('with responseGuard', 'response-guard', 'guard', '/user'),
    },
];
export default scenarios;
//# sourceMappingURL=response-guard.js.map