// sealedCookie (fastify-reply-kit/testing): a Cookie header value the app's readCookie opens, as a
// browser would send back a cookie the app sealed; expired or wrongly keyed values do not open.
import { test } from 'tap'
import Fastify from 'fastify'
import { randomBytes } from 'node:crypto'
import { request } from 'undici'
import { secureCookies } from '../plugins/secure-cookies.js'
import { sealedCookie } from '../testing/index.js'
import { listen } from './helpers/server.js'

const keys = [{ id: 'k2', key: randomBytes(32).toString('hex') }, { id: 'k1', key: randomBytes(32) }]

test('sealedCookie builds what readCookie opens, over a real socket', async (t) => {
  const app = Fastify()
  await app.register(secureCookies, { keys, cookies: { session: { encrypted: true } } })
  app.get('/read', async (req) => ({ plain: req.readCookie('session') ?? null }))
  const base = await listen(t, app)
  const read = async (cookie: string): Promise<unknown> => (await (await request(`${base}/read`, { headers: { cookie } })).body.json() as { plain: unknown }).plain

  t.equal(await read(sealedCookie(keys, 'session', '{"uid":7} é')), '{"uid":7} é', 'opened, unicode and JSON intact')
  t.equal(await read(sealedCookie(keys, 'session', 'fresh', { maxAge: 60 })), 'fresh', 'within its max age')
  t.equal(await read(sealedCookie(keys, 'session', 'old', { maxAge: 60, now: Date.now() - 120_000 })), null, 'expired: not opened')
  t.equal(await read(sealedCookie([{ id: 'k9', key: randomBytes(32) }], 'session', 'x')), null, 'an unknown key: not opened')
  t.equal(await read(sealedCookie(keys, 'other', 'x').replace(/^other=/, 'session=')), null, 'sealed under another name: not opened')
})

test('sealedCookie refuses bad keys and ages with a clear error', async (t) => {
  t.throws(() => sealedCookie([], 'a', 'b'), /sealedCookie\("a"\): keys must be a non-empty array/)
  t.throws(() => sealedCookie(keys, 'a', 'b', { maxAge: -1 }), /maxAge must be a number of seconds >= 0/)
})
