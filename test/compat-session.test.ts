// @fastify/session beside the suite, registered before and after it, over a real socket: the
// session is saved and read back, and its cookie carries the secure defaults (issue 11, path 4:
// today every answer that saves a session is a 500 with FST_REPLYKIT_COOKIE_EXPIRES for its
// `expires: null`).
import { test } from 'tap'
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import { request } from 'undici'
import { parse as parseSetCookie } from 'set-cookie-parser'
import { Cookie } from 'tough-cookie'
import { listen } from './helpers/server.js'
import { appWith, ORDERS, setCookieLines, type RegisterPeer } from './helpers/compat.js'

const SECRET = 'a-session-secret-of-at-least-32-characters'

declare module 'fastify' {
  interface Session { user?: string }
}

const session = (order: string): RegisterPeer => async (app) => {
  // @fastify/session depends on @fastify/cookie: before the suite, the app registers it itself.
  if (order === 'before') await app.register(fastifyCookie)
  await app.register(fastifySession, { secret: SECRET, cookieName: 'sid', saveUninitialized: false })
}

for (const order of ORDERS) {
  test(`@fastify/session registered ${order} the suite: the session is saved, its cookie is secure`, async (t) => {
    // trustProxy + X-Forwarded-Proto: https, as behind a TLS proxy: @fastify/session only sets a
    // `secure` cookie on an HTTPS request.
    const app = await appWith(order, session(order), { guard: { mode: 'warn' } }, { trustProxy: true })
    app.post('/login', { config: { guard: false } }, async (req, reply) => {
      req.session.set('user', 'ada')
      return reply.text('logged in')
    })
    app.get('/me', { config: { guard: false } }, async (req, reply) => reply.text(req.session.get('user') ?? 'nobody'))
    const url = await listen(t, app)
    const https = { 'x-forwarded-proto': 'https' }

    const login = await request(url + '/login', { method: 'POST', headers: https })
    const loginBody = await login.body.text()
    t.equal(login.statusCode, 200, `saving a session answers 200 (got ${login.statusCode}: ${loginBody.slice(0, 160)})`)
    const lines = setCookieLines(login.headers)
    const [cookie] = parseSetCookie(lines).filter(c => c.name === 'sid')
    t.ok(cookie, `the session cookie is set (got ${JSON.stringify(lines)})`)
    t.match(cookie, { path: '/', httpOnly: true, secure: true }, 'the session cookie is HttpOnly, Secure, Path=/')
    t.match(cookie?.sameSite, /^lax$/i, 'the session cookie gets SameSite=Lax')
    t.equal(Cookie.parse(lines.find(l => l.startsWith('sid=')) ?? '')?.validate(), true, 'tough-cookie accepts it')

    const me = await request(url + '/me', { headers: { ...https, cookie: cookie === undefined ? '' : `sid=${cookie.value}` } })
    t.equal(await me.body.text(), 'ada', 'the next request reads the saved session')

    // A request that does not touch the session is untouched by either plugin.
    const anonymous = await request(url + '/me', { headers: https })
    t.equal(anonymous.statusCode, 200)
    t.equal(await anonymous.body.text(), 'nobody')
    t.same(setCookieLines(anonymous.headers), [], 'no session cookie for an unsaved session')
  })
}
