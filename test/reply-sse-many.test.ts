// 1,000 idle streams at once, each with a heartbeat (short, for the test): once their clients
// leave, no timer, listener or source is left behind and the heap is back where it was.
import t from 'tap'
import { once } from 'node:events'
import { request as httpRequest, type ClientRequest } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { setTimeout as sleep } from 'node:timers/promises'
import { eventually, startSse } from './helpers/sse.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const STREAMS = 1000

const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length
async function heap (): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc()
    await sleep(20)
  }
  return process.memoryUsage().heapUsed
}

t.test(`${STREAMS} idle streams with heartbeats leave nothing behind`, async (t) => {
  let open = 0
  let stopped = 0
  const { app, base } = await startSse(t, (app) => {
    app.get('/idle', (_request, reply) => reply.sse(async function * ({ signal }) {
      open++
      try {
        yield 'hello'
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      } finally {
        stopped++
      }
    }, { heartbeat: 1000 }))
  }, { logger: false })
  const listeners = (): number => app.server.eventNames().reduce((sum, name) => sum + app.server.listenerCount(name), 0)

  // One stream first, so lazily created module state is not counted as a leak.
  const warm = httpRequest(`${base}/idle`, { agent: false })
  warm.end()
  await once(warm, 'response')
  warm.destroy()
  await eventually(() => stopped === 1)

  const before = { timers: timers(), listeners: listeners(), heap: await heap() }
  const beats = new Array<number>(STREAMS).fill(0)
  const requests: ClientRequest[] = []
  // In batches of 100: a thousand connects at once overflow the listen backlog (SYN retried after 1 s, 3 s...).
  for (let i = 0; i < STREAMS; i++) {
    const req = httpRequest(`${base}/idle`, { agent: false })
    const responded = once(req, 'response')
    req.on('response', (response) => {
      response.on('data', (chunk: Buffer) => { if (chunk.includes(': heartbeat')) beats[i]++ })
    })
    req.on('error', () => {})
    req.end()
    requests.push(req)
    if (i % 100 === 99) await responded
  }
  const started = Date.now()
  await eventually(() => beats.every((n) => n >= 1), 10_000, 'a heartbeat on every stream')
  t.comment(`all open with a heartbeat ${Date.now() - started} ms after the last connect`)
  t.equal(open, STREAMS + 1)
  t.ok(timers() >= before.timers + STREAMS, `${timers() - before.timers} timers while the streams are open`)
  const peak = await heap()

  for (const req of requests) req.destroy()
  requests.length = 0 // the client side's objects are not the server's to free
  await eventually(() => stopped === STREAMS + 1, 5000, 'every source stopped')
  await eventually(() => timers() <= before.timers, 2000, 'every heartbeat timer cleared')
  t.equal(timers(), before.timers, 'no timer left')
  t.equal(listeners(), before.listeners, 'no listener left on the server')
  const after = await heap()
  t.comment(`heap: before ${(before.heap / 1e6).toFixed(1)} MB, ${STREAMS} open ${(peak / 1e6).toFixed(1)} MB, after ${(after / 1e6).toFixed(1)} MB`)
  t.ok(after - before.heap < Math.max(2e6, (peak - before.heap) * 0.15),
    `heap back: ${((after - before.heap) / 1e6).toFixed(2)} MB above the start, ${((peak - before.heap) / 1e6).toFixed(1)} MB at the peak`)
})
