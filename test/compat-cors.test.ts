// @fastify/cors beside the suite, registered before and after it, over a real socket: a preflight
// OPTIONS is answered by cors alone, untouched by our policies (no Cache-Control, ETag or cookie of
// ours, even with a cacheControl `default`), and CORS headers sit beside ours on real answers,
// Vary merged rather than overwritten.
import { test } from 'tap'
import fastifyCors from '@fastify/cors'
import { request } from 'undici'
import CachePolicy from 'http-cache-semantics'
import { listen } from './helpers/server.js'
import { appWith, ORDERS, setCookieLines, type RegisterPeer } from './helpers/compat.js'

const ORIGIN = 'https://app.example'
const cors: RegisterPeer = async (app) => {
  await app.register(fastifyCors, { origin: [ORIGIN], credentials: true, methods: ['GET', 'POST', 'DELETE'], maxAge: 600 })
}

const varyList = (value: unknown): string[] =>
  String(value ?? '').split(',').map(token => token.trim().toLowerCase()).filter(token => token !== '')

for (const order of ORDERS) {
  test(`@fastify/cors registered ${order} the suite`, async (t) => {
    const app = await appWith(order, cors, {
      guard: { mode: 'warn' },
      cache: { default: 'private' },
      headers: { headers: { 'x-frame-options': 'DENY' } },
    })
    app.get('/posts', { config: { guard: false, cache: { preset: 'public', vary: ['Accept-Language'] } } }, async (_req, reply) => reply.text('posts'))
    app.post('/posts', { config: { guard: false } }, async (_req, reply) => {
      reply.setCookie('last_post', '1')
      return reply.code(201).text('made')
    })
    const url = await listen(t, app)

    const preflight = await request(url + '/posts', {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'content-type' },
    })
    await preflight.body.text()
    t.equal(preflight.statusCode, 204, 'cors answers the preflight')
    t.equal(preflight.headers['access-control-allow-origin'], ORIGIN)
    t.equal(preflight.headers['access-control-allow-credentials'], 'true')
    t.match(preflight.headers['access-control-allow-methods'], /DELETE/)
    t.equal(preflight.headers['access-control-max-age'], '600')
    // Registered after the suite, cors' OPTIONS route gets the cacheControl `default` (issue 11: the
    // order must not matter, and a preflight is not an answer our policies are for).
    t.equal(preflight.headers['cache-control'], undefined,
      `no cache policy of ours on a preflight, Access-Control-Max-Age governs it (got ${String(preflight.headers['cache-control'])})`)
    t.equal(preflight.headers.etag, undefined, 'no ETag on a preflight')
    t.same(setCookieLines(preflight.headers), [], 'no cookie on a preflight')

    const get = await request(url + '/posts', { headers: { origin: ORIGIN } })
    t.equal(get.statusCode, 200)
    t.equal(await get.body.text(), 'posts')
    t.equal(get.headers['access-control-allow-origin'], ORIGIN, 'the CORS header is present')
    t.equal(get.headers['access-control-allow-credentials'], 'true')
    t.equal(get.headers['cache-control'], 'public, max-age=60', 'our policy is applied')
    t.equal(get.headers['x-frame-options'], 'DENY', 'our declared header is applied')
    const vary = varyList(get.headers.vary)
    t.ok(vary.includes('origin') && vary.includes('accept-language'), `Vary keeps cors' Origin and our Accept-Language (got ${String(get.headers.vary)})`)
    t.equal(new Set(vary).size, vary.length, 'no token twice in Vary')
    // A shared cache keys the answer on Origin: another origin's request does not reuse it.
    const stored = new CachePolicy({ url: '/posts', method: 'GET', headers: { origin: ORIGIN } },
      { status: 200, headers: get.headers as Record<string, string> }, { shared: true })
    t.equal(stored.storable(), true)
    t.equal(stored.satisfiesWithoutRevalidation({ url: '/posts', method: 'GET', headers: { origin: 'https://evil.example' } }), false)

    const post = await request(url + '/posts', { method: 'POST', headers: { origin: ORIGIN } })
    t.equal(post.statusCode, 201)
    t.equal(await post.body.text(), 'made')
    t.equal(post.headers['access-control-allow-origin'], ORIGIN)
    t.equal(post.headers['cache-control'], 'private, no-store', 'the app\'s default policy')
    t.match(setCookieLines(post.headers)[0], /^last_post=1; .*Secure/i, 'the cookie keeps our secure defaults')

    const foreign = await request(url + '/posts', { headers: { origin: 'https://evil.example' } })
    t.equal(await foreign.body.text(), 'posts')
    t.equal(foreign.headers['access-control-allow-origin'], undefined, 'no CORS grant for another origin')
  })
}
