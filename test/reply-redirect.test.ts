// reply.safeRedirect over a real socket: each hostile target is refused (400 or the fallback),
// each safe one is emitted in the exact normalized form that was checked.
import { test } from 'tap'
import Fastify from 'fastify'
import { request } from 'undici'
import { replyHelpers } from '../plugins/reply-helpers.js'
import { recordOfConfig } from '../plugins/suite/route-record.js'
import type { ReplyHelpersOptions } from '../types/options.js'
import { listen } from './helpers/server.js'

const allowedOrigins = ['https://allowed.com', 'https://Bücher.example:443', 'http://localhost:8080']

const hostile = [
  '//evil.com', '/\\evil.com', '\\\\evil.com', '\\/evil.com', '/%2F%2Fevil.com', '/%2Fevil.com', '/%2f%5cevil.com', '/%252F%252Fevil.com', '/%25252F%25252Fevil.com', '/.//evil.com',
  '/./%2F/evil.com', ' //evil.com', 'https:evil.com', 'https:/evil.com', 'http:evil.com', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'java\tscript:alert(1)', '/ok\r\nSet-Cookie: a=1', '/ok\nx', '/ok\rx',
  '\t//evil.com', '/ok\u0000', '/ok\u007f', 'https://allowed.com:8443/', 'http://allowed.com/', 'https://allowed.com@evil.com',
  'https://allowed.com:443@evil.com/', 'https://user:pass@allowed.com/', 'https://allowed.com.evil.com/', 'https://evil.com/',
  'ftp://allowed.com/', 'ws://allowed.com/', 'http://localhost:8081/', 'https://localhost:8080/', '', 'http://[', '/%E0%A4%A',
]

const safe: Array<[string, string, string?]> = [
  ['/dashboard', '/dashboard'],
  ['/a/../b?x=1#top', '/b?x=1#top'],
  ['/café?q=é#ü', '/caf%C3%A9?q=%C3%A9#%C3%BC'],
  ['/a b', '/a%20b'],
  ['relative/path', '/relative/path'],
  ['relative/path', '/deep/relative/path', '/deep/go'],
  ['../up', '/up', '/deep/go'],
  ['?page=2', '/go?page=2'],
  ['#frag', '/go?to=%23frag#frag'],
  ['/a%2Fb', '/a%2Fb'],
  ['/%2525252F%2525252Fx', '/%2525252F%2525252Fx'],
  ['https://allowed.com/x?y=1', 'https://allowed.com/x?y=1'],
  ['https://ALLOWED.com:443/é', 'https://allowed.com/%C3%A9'],
  ['https://allowed.com\\@evil.com', 'https://allowed.com/@evil.com'],
  ['https://bücher.example/x', 'https://xn--bcher-kva.example/x'],
  ['http://localhost:8080/cb', 'http://localhost:8080/cb'],
]

async function serve (t: Parameters<typeof listen>[0], options: ReplyHelpersOptions): Promise<string> {
  const app = Fastify()
  await app.register(replyHelpers, options)
  const handler = (req: { query: unknown }, reply: import('fastify').FastifyReply): import('fastify').FastifyReply => {
    const { to, status } = req.query as { to: string, status?: string }
    return reply.safeRedirect(to, status === undefined ? undefined : Number(status) as 302)
  }
  app.get('/go', handler)
  app.get('/deep/go', handler)
  app.get('/not-string', (_req, reply) => reply.safeRedirect(42 as never))
  return listen(t, app)
}

test('hostile targets fail with 400 FST_REPLYKIT_UNSAFE_REDIRECT and no Location', async (t) => {
  const base = await serve(t, { redirects: { allowedOrigins } })
  for (const target of hostile) {
    const res = await request(`${base}/go?to=${encodeURIComponent(target)}`)
    t.equal(res.statusCode, 400, JSON.stringify(target))
    t.equal(res.headers.location, undefined, `${JSON.stringify(target)}: no Location`)
    const body = await res.body.json() as { code: string }
    t.equal(body.code, 'FST_REPLYKIT_UNSAFE_REDIRECT', JSON.stringify(target))
    t.equal(res.headers['set-cookie'], undefined)
  }
  const notString = await request(`${base}/not-string`)
  t.equal(notString.statusCode, 400)
  await notString.body.text()
})

test('hostile targets go to the fallback when there is one', async (t) => {
  for (const [fallback, location] of [['/home', '/home'], ['https://allowed.com/login', 'https://allowed.com/login'], ['welcome', '/welcome']]) {
    const base = await serve(t, { redirects: { allowedOrigins, fallback } })
    for (const target of hostile) {
      const res = await request(`${base}/go?to=${encodeURIComponent(target)}`)
      t.equal(res.statusCode, 302, JSON.stringify(target))
      t.equal(res.headers.location, location, `${JSON.stringify(target)} -> ${location}`)
      await res.body.text()
    }
  }
})

test('safe targets are emitted in their normalized form, with no body', async (t) => {
  const base = await serve(t, { redirects: { allowedOrigins } })
  for (const [target, location, path = '/go'] of safe) {
    const res = await request(`${base}${path}?to=${encodeURIComponent(target)}`)
    t.equal(res.statusCode, 302, target)
    t.equal(res.headers.location, location, `${target} -> ${location}`)
    t.equal(await res.body.text(), '', 'no HTML body')
  }
  for (const status of [301, 303, 307, 308]) {
    const res = await request(`${base}/go?to=/x&status=${status}`)
    t.equal(res.statusCode, status)
    t.equal(res.headers.location, '/x')
    await res.body.text()
  }
  const bad = await request(`${base}/go?to=/x&status=200`)
  t.equal(bad.statusCode, 500)
  t.equal((await bad.body.json() as { code: string }).code, 'FST_REPLYKIT_BAD_OPTION')
})

test('without redirect options only relative paths pass; the route record names the helper', async (t) => {
  const app = Fastify()
  await app.register(replyHelpers)
  let helper: string | undefined
  app.get('/', async (req, reply) => {
    reply.safeRedirect((req.query as { to: string }).to)
    helper = recordOfConfig(req.routeOptions.config)?.helper
    return reply
  })
  const ok = await app.inject('/?to=/x')
  t.equal(ok.headers.location, '/x')
  t.equal(helper, 'safeRedirect')
  t.equal((await app.inject('/?to=https://allowed.com/')).statusCode, 400)
})
