// @fastify/csrf-protection (cookie mode, over @fastify/cookie) beside the suite, registered before
// and after it, over a real socket: its secret cookie gets the secure defaults, a token round-trips,
// a forged request is refused, and its 403 is never cached.
import { test } from 'tap'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import { request } from 'undici'
import { parse as parseSetCookie } from 'set-cookie-parser'
import { Cookie } from 'tough-cookie'
import CachePolicy from 'http-cache-semantics'
import { listen } from './helpers/server.js'
import { appWith, ORDERS, setCookieLines, type RegisterPeer } from './helpers/compat.js'

const csrf = (order: string): RegisterPeer => async (app) => {
  if (order === 'before') await app.register(fastifyCookie)
  await app.register(fastifyCsrf)
}

for (const order of ORDERS) {
  test(`@fastify/csrf-protection registered ${order} the suite`, async (t) => {
    const app = await appWith(order, csrf(order), { guard: { mode: 'warn' } })
    app.get('/form', { config: { cache: 'public', guard: false } }, async (_req, reply) => reply.text(reply.generateCsrf()))
    app.post('/submit', { onRequest: app.csrfProtection, config: { guard: false } }, async (_req, reply) => reply.text('accepted'))
    const url = await listen(t, app)

    const form = await request(url + '/form')
    t.equal(form.statusCode, 200)
    const token = await form.body.text()
    t.ok(token.length > 10, 'a token is generated')
    const lines = setCookieLines(form.headers)
    const [secret] = parseSetCookie(lines).filter(c => c.name === '_csrf')
    t.ok(secret, 'the secret cookie is set')
    t.match(secret, { path: '/', httpOnly: true, secure: true, sameSite: 'Strict' }, 'csrf-protection\'s own SameSite=Strict is kept, Secure is added')
    t.equal(Cookie.parse(lines[0] ?? '')?.validate(), true, 'tough-cookie accepts the cookie')
    t.match(form.headers['cache-control'], /^private\b/, 'the public page that set the secret is downgraded to private')
    const shared = new CachePolicy({ url: '/form', method: 'GET', headers: {} },
      { status: 200, headers: form.headers as Record<string, string> }, { shared: true })
    t.equal(shared.storable(), false, 'no shared cache keeps one visitor\'s CSRF secret')

    const cookie = `_csrf=${secret?.value ?? ''}`
    const ok = await request(url + '/submit', { method: 'POST', headers: { cookie, 'x-csrf-token': token } })
    t.equal(ok.statusCode, 200)
    t.equal(await ok.body.text(), 'accepted', 'a request with the secret and its token passes')

    const forged = await request(url + '/submit', { method: 'POST', headers: { cookie, 'x-csrf-token': 'forged' } })
    t.equal(forged.statusCode, 403)
    t.match(await forged.body.json(), { code: 'FST_CSRF_INVALID_TOKEN' })
    // Every error answer gets the errors policy, also on a route without a cache policy (issue 11).
    t.equal(forged.headers['cache-control'], 'no-store', `the 403 gets the errors policy (got ${String(forged.headers['cache-control'])})`)

    const missing = await request(url + '/submit', { method: 'POST' })
    t.equal(missing.statusCode, 403)
    t.match(await missing.body.json(), { code: 'FST_CSRF_MISSING_SECRET' })
  })
}
