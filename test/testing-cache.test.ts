// fastify-reply-kit/testing: expectCacheable / expectNotCacheable, decided by http-cache-semantics,
// on the answers of cacheControl policies, from inject and from a real socket.
import t from 'tap'
import Fastify from 'fastify'
import { request } from 'undici'
import { expectCacheable, expectNotCacheable } from '../testing/index.js'
import { cacheControl, secureCookies } from '../plugins/index.js'
import { listen } from './helpers/server.js'

async function cacheApp () {
  const app = Fastify()
  await app.register(secureCookies)
  await app.register(cacheControl)
  app.get('/public', { config: { cache: { preset: 'public', maxAge: '1h' } } }, async () => 'ok')
  app.get('/private', { config: { cache: { private: true, maxAge: 60 } } }, async () => 'ok')
  app.get('/no-store', { config: { cache: 'no-store' } }, async () => 'ok')
  app.get('/revalidate', { config: { cache: 'revalidate' } }, async () => 'ok')
  app.get('/cookie', { config: { cache: 'public' } }, async (_request, reply) => reply.setCookie('a', 'b').send('ok'))
  app.get('/expires', async (_request, reply) => reply.header('expires', new Date(Date.now() + 120_000).toUTCString()).send('ok'))
  return app
}

t.test('a public policy is cacheable by shared and private caches, for its max-age', async (t) => {
  const app = await cacheApp()
  const base = await listen(t, app)
  const viaSocket = await request(`${base}/public`)
  await viaSocket.body.dump()
  for (const response of [await app.inject('/public'), viaSocket, await fetch(`${base}/public`)]) {
    t.equal(expectCacheable(response).ttl, 3600)
    t.equal(expectCacheable(response, { shared: false }).ttl, 3600)
  }
  const { policy } = expectCacheable(await app.inject('/public'))
  t.equal(policy.satisfiesWithoutRevalidation({ method: 'GET', url: '/', headers: {} }), true)
  t.equal(expectCacheable(await app.inject('/expires')).ttl >= 119, true, 'Expires counts as freshness')
})

t.test('a private policy is cacheable by the browser only; the error says why a shared cache may not', async (t) => {
  const app = await cacheApp()
  t.teardown(() => app.close())
  const response = await app.inject('/private')
  t.equal(expectCacheable(response, { shared: false }).ttl, 60)
  expectNotCacheable(response)
  t.throws(() => expectCacheable(response), {
    name: 'AssertionError',
    message: 'expected the response to be cacheable by a shared cache; it must not store it: status 200, Cache-Control: private, max-age=60',
  })
  const cookie = await app.inject('/cookie')
  expectNotCacheable(cookie, { shared: true })
  t.throws(() => expectCacheable(cookie), { message: /Cache-Control: private, max-age=60, 1 Set-Cookie$/ })
})

t.test('no-store is never stored; no-cache is stored but never fresh; Authorization is honoured', async (t) => {
  const app = await cacheApp()
  t.teardown(() => app.close())
  const noStore = await app.inject('/no-store')
  expectNotCacheable(noStore)
  expectNotCacheable(noStore, { shared: false })
  t.throws(() => expectCacheable(noStore, { shared: false }), { message: /by a private \(browser\) cache; it must not store it: status 200, Cache-Control: no-store$/ })
  const revalidate = await app.inject('/revalidate')
  t.throws(() => expectCacheable(revalidate), { message: /it may store it but must revalidate every time \(no freshness\): status 200, Cache-Control: no-cache/ })
  t.throws(() => expectNotCacheable(revalidate), { name: 'AssertionError', message: /not to be stored by a shared cache, but it may store it for 0s: status 200, Cache-Control: no-cache/ })
  const withAuth = await app.inject({ url: '/public', headers: { authorization: 'Bearer x' } })
  expectNotCacheable(withAuth, { request: { headers: { Authorization: 'Bearer x' } } })
  expectCacheable(withAuth, { request: { method: 'GET', url: '/public', headers: { Authorization: 'Bearer x' } }, shared: false })
  const none = { statusCode: 200, headers: {} }
  t.throws(() => expectCacheable(none), { message: /status 200, Cache-Control: \(none\)$/ })
  t.throws(() => expectCacheable({} as never), { name: 'TypeError', message: /^expectCacheable: expected a response/ })
})
