// @fastify/session beside secureCookies, registered before and after it, over a real socket: a
// saved session works (its `expires: null` and `originalMaxAge` options are not rule breaches),
// and its cookie leaves with the secure attributes; tough-cookie keeps it and sends it back.
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import { parseSetCookie } from 'set-cookie-parser'
import { secureCookies } from '../plugins/secure-cookies.js'
import { listen } from './helpers/server.js'
import { Browser } from './helpers/cookie-browser.js'

const HTTPS = 'https://shop.example.com'
const secret = 'a-session-secret-of-at-least-32-characters'

declare module 'fastify' {
  interface Session { user?: string }
}

async function appWith (order: 'before' | 'after', cookie: Record<string, unknown>): Promise<FastifyInstance> {
  const app = Fastify({ trustProxy: true })
  if (order === 'before') {
    await app.register(fastifyCookie)
    await app.register(fastifySession, { secret, cookie })
    await app.register(secureCookies, {})
  } else {
    await app.register(secureCookies, {})
    await app.register(fastifySession, { secret, cookie })
  }
  app.get('/login', async (request) => {
    request.session.user = 'u1'
    return { ok: true }
  })
  app.get('/me', async (request) => ({ user: request.session.user ?? null }))
  app.get('/logout', async (request) => {
    await request.session.destroy()
    return { ok: true }
  })
  return app
}

for (const order of ['before', 'after'] as const) {
  for (const [label, cookie] of [['a browser-session cookie (expires: null)', {}], ['maxAge of an hour (originalMaxAge)', { maxAge: 3600_000 }]] as const) {
    test(`@fastify/session registered ${order} secureCookies, ${label}`, async (t) => {
      const base = await listen(t, await appWith(order, cookie))
      const browser = new Browser(base, HTTPS)
      const login = await browser.get('/login')
      t.equal(login.status, 200, login.body)
      t.same(JSON.parse(login.body), { ok: true })
      const [line] = parseSetCookie(login.setCookie)
      t.match(line, { name: 'sessionId', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' })
      if ('maxAge' in cookie) t.ok(line.expires instanceof Date && line.expires.getTime() > Date.now() + 3500_000, 'Expires an hour ahead')
      else t.equal(line.expires, undefined, 'no Expires: a browser-session cookie')
      t.same(login.rejected, [])
      const me = await browser.get('/me')
      t.equal(me.status, 200)
      t.same(JSON.parse(me.body), { user: 'u1' }, 'the session is found again')
      t.same(JSON.parse((await browser.get('/logout')).body), { ok: true })
      t.same(JSON.parse((await browser.get('/me')).body), { user: null }, 'destroyed')
    })
  }
}
