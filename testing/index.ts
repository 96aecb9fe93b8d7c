// fastify-reply-kit/testing: assertions for the suite's users' own tests, with `app.inject` and with
// real-socket responses (undici, fetch). Each throws an AssertionError that names the cookie, header
// or property that differed.
export { expectCookie, type ExpectedCookie, type SetCookie } from './cookie.js'
export { expectCacheable, expectNotCacheable, type Cacheability, type CacheableOptions, type CachePolicyLike } from './cacheable.js'
export { expectNoLeak, type NoLeakOptions } from './leak.js'
export { signedCookie } from './signed.js'
export { sealedCookie, type SealedCookieOptions } from './sealed.js'
export { auditRoutes, policyTable, type AuditFinding, type AuditedRoute } from './audit.js'
export type { TestResponse } from './response.js'
