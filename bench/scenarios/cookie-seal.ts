// Encrypted cookies: open the request's sealed cookie and seal a new one per request, secureCookies
// (AES-256-GCM from node:crypto, HKDF per name) against @fastify/secure-session (libsodium, a native
// module) with the same payload. Both apps in one process; server CPU per request printed beside.
import { pairedHttpVariants, type Scenario } from '../harness.js'

const scenarios: Scenario[] = [{
  name: 'cookie-seal: secureCookies encrypted vs @fastify/secure-session',
  unit: 'req/s',
  target: 1.0,
  ...pairedHttpVariants('cookie-seal', '/state', ['@fastify/secure-session', 'secure-session'], ['secureCookies encrypted', 'ours']),
}]

export default scenarios
