// The whole suite under `Fastify({ http2: true })`, over node:http2 (h2c on 127.0.0.1): cookies,
// the cache policy, reply.file with Range, a stream the client resets, the guard, and a source that
// fails after its first byte (issue 11, "HTTP/2").
import { test } from 'tap'
import { constants } from 'node:http2'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Fastify, { type FastifyInstance } from 'fastify'
import { parse as parseSetCookie } from 'set-cookie-parser'
import { Cookie } from 'tough-cookie'
import CachePolicy from 'http-cache-semantics'
import replyKit from '../plugins/index.js'
import { h2Request, h2Session, plainHeaders } from './helpers/h2.js'
import { tempDir } from './helpers/temp.js'

const userSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'name'],
  additionalProperties: false,
} as const

// Typed as the default instance: the route and reply types are the same, only the raw ones differ.
async function h2App (root: string): Promise<FastifyInstance> {
  const app = Fastify({ http2: true }) as unknown as FastifyInstance
  await app.register(replyKit, { guard: { mode: 'warn' }, helpers: { root } })
  return app
}

function sharedCache (path: string, status: number, headers: Record<string, string>): CachePolicy {
  return new CachePolicy({ url: path, method: 'GET', headers: {} }, { status, headers }, { shared: true })
}

async function waitFor (check: () => boolean, ms = 5000): Promise<boolean> {
  for (let waited = 0; waited < ms && !check(); waited += 20) await sleep(20)
  return check()
}

test('cookies over HTTP/2 carry the secure defaults', async (t) => {
  const app = await h2App(await tempDir(t))
  app.get('/login', { config: { guard: false } }, (_req, reply) => {
    reply.setCookie('sid', 'abc123')
    reply.setCookie('theme', 'dark', { maxAge: 3600, sameSite: 'strict', httpOnly: false })
    return reply.text('ok')
  })
  const { session } = await h2Session(t, app)
  const res = await h2Request(session, '/login')
  t.equal(res.status, 200)
  t.equal(res.body.toString(), 'ok')
  const cookies = parseSetCookie(res.setCookie, { map: true })
  t.match(cookies.sid, { value: 'abc123', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' })
  t.match(cookies.theme, { value: 'dark', path: '/', secure: true, sameSite: 'Strict', maxAge: 3600 })
  t.notOk(cookies.theme.httpOnly, 'the call overrides httpOnly')
  // tough-cookie, as a browser jar would take them.
  const sid = Cookie.parse(res.setCookie.find(line => line.startsWith('sid=')) as string)
  t.ok(sid?.secure && sid.httpOnly && sid.sameSite === 'lax' && sid.path === '/')
  t.equal(sid?.validate(), true)
})

test('the cache policy over HTTP/2: a public route stays shared-cacheable, a cookie downgrades it', async (t) => {
  const app = await h2App(await tempDir(t))
  app.get('/public', { config: { cache: 'public', guard: false } }, (_req, reply) => reply.text('shared'))
  app.get('/public-cookie', { config: { cache: 'public', guard: false } }, (_req, reply) => {
    reply.setCookie('seen', '1')
    return reply.text('mine')
  })
  app.get('/fails', { config: { cache: 'public', guard: false } }, async () => { throw new Error('boom') })
  const { session } = await h2Session(t, app)

  const open = await h2Request(session, '/public')
  t.equal(open.status, 200)
  t.equal(open.headers['cache-control'], 'public, max-age=60')
  t.equal(sharedCache('/public', 200, plainHeaders(open.headers)).storable(), true)

  const cookie = await h2Request(session, '/public-cookie')
  t.equal(cookie.status, 200)
  t.match(cookie.headers['cache-control'], /^private/)
  t.equal(sharedCache('/public-cookie', 200, plainHeaders(cookie.headers)).storable(), false, 'no shared cache stores a Set-Cookie answer')
  t.equal(cookie.setCookie.length, 1)

  const failed = await h2Request(session, '/fails')
  t.equal(failed.status, 500)
  t.equal(failed.headers['cache-control'], 'no-store', 'errors get the errors policy')
})

test('reply.file with Range over HTTP/2: 206 with Content-Range, 416 past the end', async (t) => {
  const root = await tempDir(t)
  const data = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz')
  await writeFile(join(root, 'data.bin'), data)
  const app = await h2App(root)
  app.get('/data', { config: { guard: false } }, (_req, reply) => reply.file('data.bin'))
  const { session } = await h2Session(t, app)

  const whole = await h2Request(session, '/data')
  t.equal(whole.status, 200)
  t.same(whole.body, data)
  t.equal(whole.headers['accept-ranges'], 'bytes')
  t.equal(whole.headers['content-length'], String(data.length))

  const part = await h2Request(session, '/data', { range: 'bytes=10-19' })
  t.equal(part.status, 206)
  t.equal(part.headers['content-range'], `bytes 10-19/${data.length}`)
  t.equal(part.headers['content-length'], '10')
  t.equal(part.body.toString(), 'abcdefghij')
  t.ok(part.ended, 'the part ends cleanly')

  const suffix = await h2Request(session, '/data', { range: 'bytes=-6' })
  t.equal(suffix.status, 206)
  t.equal(suffix.body.toString(), 'uvwxyz')

  const beyond = await h2Request(session, '/data', { range: 'bytes=100-200' })
  t.equal(beyond.status, 416)
  t.equal(beyond.headers['content-range'], `bytes */${data.length}`)
})

test('a client RST_STREAM stops the reply.stream and reply.ndjson generators (their finally runs)', { timeout: 20000 }, async (t) => {
  const app = await h2App(await tempDir(t))
  const closed = { stream: false, ndjson: false }
  app.get('/stream', { config: { guard: false } }, (_req, reply) => reply.stream(async function * () {
    try {
      for (let i = 0; ; i++) {
        yield `chunk ${i}\n`.padEnd(1024, '.')
        await sleep(5)
      }
    } finally { closed.stream = true }
  }))
  app.get('/ndjson', { config: { guard: false } }, (_req, reply) => reply.ndjson(async function * (signal) {
    try {
      for (let i = 0; !signal.aborted; i++) {
        yield { i, pad: 'x'.repeat(1000) }
        await sleep(5)
      }
    } finally { closed.ndjson = true }
  }))
  app.get('/ping', { config: { guard: false } }, (_req, reply) => reply.text('pong'))
  const { session } = await h2Session(t, app)
  for (const path of ['/stream', '/ndjson'] as const) {
    const stream = session.request({ ':path': path })
    stream.on('error', () => {})
    const status = await new Promise<number>(resolve => stream.once('response', h => resolve(Number(h[':status']))))
    t.equal(status, 200, `${path} answers`)
    await new Promise(resolve => stream.once('data', resolve))
    stream.close(constants.NGHTTP2_CANCEL)
    const key = path.slice(1) as keyof typeof closed
    t.ok(await waitFor(() => closed[key]), `${path}: the generator's finally ran after RST_STREAM(CANCEL)`)
  }
  // The session is still usable: one reset stream does not take the connection down.
  const after = await h2Request(session, '/ping')
  t.equal(after.body.toString(), 'pong')
})

test('the guard filters a password_hash over HTTP/2', async (t) => {
  const app = await h2App(await tempDir(t))
  app.get('/users/:id', { schema: { response: { 200: userSchema } } }, async (req) => ({
    id: (req.params as { id: string }).id, name: 'Ada', password_hash: '$argon2id$secret',
  }))
  app.get('/users/:id/raw', { schema: { response: { 200: userSchema } } }, async (req, reply) => {
    reply.type('application/json')
    return JSON.stringify({ id: (req.params as { id: string }).id, name: 'Ada', password_hash: '$argon2id$secret' })
  })
  const { session } = await h2Session(t, app)
  for (const path of ['/users/1', '/users/1/raw']) {
    const res = await h2Request(session, path)
    t.equal(res.status, 200, path)
    const text = res.body.toString()
    t.same(JSON.parse(text), { id: '1', name: 'Ada' }, `${path}: only the schema's fields leave`)
    t.notMatch(text, 'argon2id')
  }
})

test('a source failing after its first byte resets the HTTP/2 stream with an error code', async (t) => {
  const app = await h2App(await tempDir(t))
  app.log.error = () => {}
  app.get('/cut', { config: { guard: false } }, (_req, reply) => reply.stream(async function * () {
    yield 'first part,'
    await sleep(200)
    throw new Error('database went away')
  }))
  app.get('/cut-ndjson', { config: { guard: false } }, (_req, reply) => reply.ndjson(async function * () {
    // More than one 64 KiB batch, so that the first rows really leave before the failure.
    for (let id = 0; id < 100; id++) yield { id, pad: 'x'.repeat(1000) }
    await sleep(200)
    throw new Error('database went away')
  }))
  const { session } = await h2Session(t, app)
  for (const path of ['/cut', '/cut-ndjson']) {
    const res = await h2Request(session, path)
    t.equal(res.status, 200, `${path}: the headers had left`)
    t.ok(res.body.length > 0, `${path}: the first bytes arrived`)
    t.notOk(res.ended, `${path}: the stream did not end with END_STREAM`)
    t.not(res.rstCode, constants.NGHTTP2_NO_ERROR, `${path}: RST_STREAM carries an error code, not NO_ERROR (got ${res.rstCode})`)
  }
})
