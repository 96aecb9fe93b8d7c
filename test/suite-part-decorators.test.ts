// Registering a part twice, or @fastify/cookie after the suite, explains itself instead of
// Fastify's bare "decorator already added"; a part switched off with `false` says so when used.
import { test } from 'tap'
import Fastify from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fp from 'fastify-plugin'
import { Writable } from 'node:stream'
import { request } from 'undici'
import replyKit, { cacheControl, replyHelpers } from '../plugins/index.js'
import { listen } from './helpers/server.js'

test('replyKit, then cacheControl on its own: the error names the part and where its options go', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(replyKit, {})
  app.register(cacheControl, { default: 'public' })
  await t.rejects(async () => await app.ready(), {
    code: 'FST_REPLYKIT_ALREADY_REGISTERED',
    message: /reply\.cache belongs to fastify-reply-kit\/cacheControl, which replyKit registered already \(its `cache` option\): give these options to replyKit as `cache: \{ \.\.\. \}`/,
  })
})

test('replyKit, then replyHelpers again in the same context', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(replyKit, {})
  app.register(replyHelpers, {})
  await t.rejects(async () => await app.ready(), { code: 'FST_REPLYKIT_ALREADY_REGISTERED', message: /reply\.file belongs to fastify-reply-kit\/replyHelpers.*`helpers: \{ \.\.\. \}`/ })
})

test('@fastify/cookie after the suite: explained, with where its secret goes', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(replyKit, {})
  app.register(fastifyCookie, { secret: 'a-secret-of-at-least-32-characters!!' })
  await t.rejects(async () => await app.ready(), {
    code: 'FST_REPLYKIT_ALREADY_REGISTERED',
    message: /app\.serializeCookie belongs to @fastify\/cookie, which replyKit registered already.*`cookies: \{ secret \}`.*\(while registering .*@fastify\/cookie\)/,
  })
})

test('@fastify/cookie before the suite stays supported, and is not claimed as the suite\'s', async (t) => {
  const app = Fastify()
  await app.register(fastifyCookie)
  await app.register(replyKit, {})
  app.get('/', async (_req, reply) => reply.setCookie('a', 'b').send('ok'))
  const url = await listen(t, app)
  const res = await request(url)
  t.match(res.headers['set-cookie'], /^a=b; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
  await res.body.text()
})

test('a part switched off with false, then used, names the option that switched it off', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { lines.push(String(chunk)); done() } })
  const app = Fastify({ logger: { level: 'error', stream } })
  await app.register(replyKit, { helpers: false, cache: false, guard: false, cookies: false })
  app.get('/file', async (_req, reply) => reply.file('/etc/hostname'))
  app.get('/cache', async (_req, reply) => reply.cache('public').send('x'))
  app.get('/cookie', async (_req, reply) => reply.setCookie('a', 'b').send('x'))
  app.get('/other', async () => { throw new TypeError('x.notOurs is not a function') })
  const url = await listen(t, app)
  for (const [path, label, option, plugin] of [
    ['/file', 'reply.file()', 'helpers', 'replyHelpers'],
    ['/cache', 'reply.cache()', 'cache', 'cacheControl'],
  ]) {
    const res = await request(url + path)
    t.equal(res.statusCode, 500, path)
    const body = await res.body.json() as { code: string, message: string }
    t.equal(body.code, 'FST_REPLYKIT_PART_DISABLED')
    t.equal(body.message, `${label} is not available: replyKit was registered with \`${option}: false\`, which switched ${plugin} off. ` +
      `Remove \`${option}: false\` from the replyKit options, or register ${plugin} yourself`)
  }
  // setCookie stays undecorated (other plugins test for it): the failure is explained in the log.
  t.equal(app.hasReplyDecorator('setCookie'), false)
  t.equal((await request(url + '/cookie')).statusCode, 500)
  t.equal((await request(url + '/other')).statusCode, 500)
  const hints = lines.map(line => JSON.parse(line).msg as string).filter(msg => msg.includes('cookies: false'))
  t.same(hints, ['reply.setCookie is not a function: replyKit was registered with `cookies: false`, which switched secureCookies ' +
    '(and @fastify/cookie) off. Remove `cookies: false` from the replyKit options, or register secureCookies yourself'])
})

test('a part switched off can be registered on its own afterwards: the placeholder gives way', async (t) => {
  const app = Fastify()
  await app.register(replyKit, { cache: false, cookies: false })
  await app.register(cacheControl, { default: 'public' })
  await app.register(fastifyCookie)
  app.get('/', async (_req, reply) => reply.cache('no-store').setCookie('a', 'b').send('x'))
  const url = await listen(t, app)
  const res = await request(url)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'no-store')
  t.match(res.headers['set-cookie'], /^a=b/)
  await res.body.text()
})

test('in a child context, a second cacheControl is Fastify\'s business (allowed there), not refused by us', async (t) => {
  const app = Fastify()
  await app.register(replyKit, { cache: false })
  app.register(async (child) => {
    await child.register(cacheControl, {})
    child.get('/', { config: { cache: 'public' } }, async () => 'x')
  })
  const url = await listen(t, app)
  const res = await request(url)
  t.equal(res.headers['cache-control'], 'public, max-age=60')
  await res.body.text()
})

test('context and headers switched off leave nothing to call, so no placeholder; the app works', async (t) => {
  const app = Fastify()
  await app.register(replyKit, { context: false, headers: false })
  app.get('/', { schema: { response: { 200: { type: 'string' } } } }, async () => 'x')
  const url = await listen(t, app)
  const res = await request(url)
  t.equal(await res.body.text(), 'x')
})

test('replyKit with guard on, then responseGuard again: responsePolicies is explained', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(replyKit, {})
  // responseGuard itself skips an existing responsePolicies; a plugin that decorates it collides.
  app.register(fp(async (instance) => { instance.decorate('responsePolicies', () => []) }))
  await t.rejects(async () => await app.ready(), { code: 'FST_REPLYKIT_ALREADY_REGISTERED', message: /app\.responsePolicies belongs to fastify-reply-kit\/responseGuard/ })
})

test('helpers: false where replyHelpers is already registered leaves its decorators alone', async (t) => {
  const app = Fastify()
  await app.register(replyHelpers, {})
  await app.register(replyKit, { helpers: false })
  app.get('/', async (_req, reply) => reply.text('real'))
  const url = await listen(t, app)
  const res = await request(url)
  t.equal(await res.body.text(), 'real')
})
