// reply.sse end to end: Chromium's own EventSource (Debian's headless chromium through
// playwright-core) receives the exact events, injection attempts included; behind nginx with its
// default `proxy_buffering on`, each event arrives while the next does not exist yet.
// Each part runs when its binary is installed, and always with CI=true (where a missing one fails).
import t from 'tap'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { findBinary, skipUnless, startNginx } from './helpers/e2e.js'
import { tempDir } from './helpers/temp.js'
import { receive, startSse } from './helpers/sse.js'
import type { FastifyInstance } from 'fastify'

const executablePath = findBinary(['/usr/bin/chromium'])
const nginx = findBinary(['nginx'])
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic']

const ITEMS = [
  'plain',
  'cr\rlf\ncrlf\r\nend',
  { data: 'u\u2028v\u2029w', event: 'odd' },
  { comment: 'c\ndata: from comment\r\n\r\nevent: odd', data: 'after comment' },
  { data: 'x\ndata: y\r\n\r\nid: 666\revent: odd', id: '5' },
  { data: { json: 'a\r\nb', n: 1 } },
  'nul\u0000kept',
  'last',
]
const EXPECTED = [
  { type: 'message', data: 'plain', lastEventId: '' },
  { type: 'message', data: 'cr\nlf\ncrlf\nend', lastEventId: '' },
  { type: 'odd', data: 'u\u2028v\u2029w', lastEventId: '' },
  { type: 'message', data: 'after comment', lastEventId: '' },
  { type: 'message', data: 'x\ndata: y\n\nid: 666\nevent: odd', lastEventId: '5' },
  { type: 'message', data: '{"json":"a\\r\\nb","n":1}', lastEventId: '5' },
  { type: 'message', data: 'nul\u0000kept', lastEventId: '5' },
  { type: 'message', data: 'last', lastEventId: '5' },
]

function routes (app: FastifyInstance): void {
  app.get('/', (_request, reply) => reply.html('<!doctype html><title>sse</title>'))
  app.get('/events', (_request, reply) => reply.sse(ITEMS, { heartbeat: 0, retry: 60_000 }))
}

t.test('Chromium\'s EventSource receives the exact events', { skip: skipUnless(executablePath, 'chromium', 'chromium') }, async (t) => {
  if (executablePath === undefined) throw new Error('/usr/bin/chromium is required with CI=true: .ci/run installs it with apt-get')
  const { base } = await startSse(t, routes)
  const dir = await tempDir(t, 'sse-browser-')
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath, headless: true, args: ARGS })
  t.teardown(() => context.close())
  const page = await context.newPage()
  await page.goto(`${base}/`)
  const events = await page.evaluate((count) => new Promise((resolve, reject) => {
    const source = new EventSource('/events')
    const got: Array<{ type: string, data: string, lastEventId: string }> = []
    const take = (event: MessageEvent): void => {
      got.push({ type: event.type, data: event.data, lastEventId: event.lastEventId })
      if (got.length === count) { source.close(); resolve(got) }
    }
    source.addEventListener('message', take)
    source.addEventListener('odd', take)
    setTimeout(() => { source.close(); reject(new Error(`only ${JSON.stringify(got)}`)) }, 5000)
  }), EXPECTED.length)
  t.same(events, EXPECTED)
})

t.test('undici\'s EventSource agrees', async (t) => {
  const { base } = await startSse(t, routes)
  t.same(await receive(`${base}/events`, EXPECTED.length, ['odd']), EXPECTED)
})

t.test('behind nginx (proxy_buffering on), events arrive one by one', { skip: skipUnless(nginx, 'nginx', 'nginx') }, async (t) => {
  if (nginx === undefined) throw new Error('nginx is required with CI=true: .ci/run installs it with apt-get')
  // Each event is produced only once the client has received the one before: buffering anywhere
  // on the way would stall the stream at the first event.
  let delivered: (n: number) => void = () => {}
  const received = (n: number): Promise<void> => new Promise((resolve) => {
    delivered = (got) => { if (got === n) resolve() }
  })
  const arrivedWithin = (next: Promise<void>): Promise<boolean> =>
    Promise.race([next.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, 1500, false))])
  const { base: upstream } = await startSse(t, (app) => {
    app.get('/events', (_request, reply) => reply.sse(async function * () {
      for (let n = 1; n <= 3; n++) {
        const next = received(n)
        yield { id: String(n), data: `event ${n}` }
        if (!await arrivedWithin(next)) return
      }
    }, { heartbeat: 0, retry: 60_000 }))
  })
  const proxy = await startNginx(t, nginx, { '/': upstream })
  const follow = async (path: string): Promise<Array<{ data: string, at: number }>> => {
    // The two headers nginx acts on, as it received them (X-Accel-Buffering is consumed by nginx).
    const head = await fetch(`${proxy.base}${path}`, { method: 'HEAD' })
    t.equal(head.headers.get('x-accel-buffering'), null, 'nginx consumed X-Accel-Buffering')
    t.not(head.headers.get('x-cache-status'), 'HIT')
    const start = Date.now()
    const arrivals: Array<{ data: string, at: number }> = []
    const { EventSource } = await import('undici')
    await new Promise<void>((resolve) => {
      const source = new EventSource(`${proxy.base}${path}`)
      source.onmessage = (event) => {
        arrivals.push({ data: event.data, at: Date.now() - start })
        delivered(Number(event.lastEventId))
        if (arrivals.length === 3) { source.close(); resolve() }
      }
      setTimeout(() => { source.close(); resolve() }, 6000)
    })
    return arrivals
  }

  const events = await follow('/events')
  t.same(events.map((event) => event.data), ['event 1', 'event 2', 'event 3'], 'every event, each before the next existed')
  t.notMatch(await proxy.errorLog(), /\[(error|crit|alert|emerg)\]/)
})
