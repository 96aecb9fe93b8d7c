// reply.sse's life over real sockets: the client leaves (the source's finally runs and its signal
// aborts within 0.5 s, nothing is pulled after), heartbeats only after silence, a stalled reader
// (backpressure pauses the source, writeTimeout closes the connection), and the shutdown drain.
import t from 'tap'
import { once } from 'node:events'
import { connect } from 'node:net'
import { request as httpRequest } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { eventually, readUntil, startSse } from './helpers/sse.js'
import { EventSource } from 'undici'

const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length

t.test('the client leaves: finally runs, the signal aborts, nothing is pulled after', async (t) => {
  const state = { pulled: 0, finallyAt: 0, abortedAt: 0, waiting: false }
  const { base } = await startSse(t, (app) => {
    // One generator that waits on the signal between events, one suspended at a yield under backpressure.
    app.get('/waits', (_request, reply) => reply.sse(async function * ({ signal }) {
      signal.addEventListener('abort', () => { state.abortedAt = Date.now() })
      try {
        for (;;) {
          state.pulled++
          yield { data: `event ${state.pulled}` }
          state.waiting = true
          await sleep(60_000, undefined, { signal })
        }
      } finally {
        state.finallyAt = Date.now()
      }
    }, { heartbeat: 20 }))
  })
  const before = timers()
  const req = httpRequest(`${base}/waits`, { agent: false })
  req.end()
  const [response] = await once(req, 'response')
  let text = ''
  response.on('data', (chunk: Buffer) => { text += chunk.toString() })
  await eventually(() => text.includes('data: event 1') && state.waiting)
  const leftAt = Date.now()
  req.destroy()
  await eventually(() => state.finallyAt !== 0, 1000, 'the generator\'s finally')
  t.ok(state.finallyAt - leftAt < 500, `finally ran ${state.finallyAt - leftAt} ms after the client left`)
  t.ok(state.abortedAt !== 0 && state.abortedAt - leftAt < 500, 'the signal aborted')
  await sleep(100)
  t.equal(state.pulled, 1, 'the source was not pulled again')
  await eventually(() => timers() <= before, 1000, 'the heartbeat timer cleared')
})

t.test('a generator suspended at a yield is returned when the client leaves mid-stream', async (t) => {
  let finallyRan = false
  let pulled = 0
  const { base } = await startSse(t, (app) => {
    app.get('/flood', (_request, reply) => reply.sse(async function * () {
      try {
        for (;;) { pulled++; yield { data: 'x'.repeat(1024) } }
      } finally {
        finallyRan = true
      }
    }, { heartbeat: 0 }))
  })
  const { text } = await readUntil(`${base}/flood`, (received) => received.length > 100_000)
  t.ok(text.length > 100_000)
  await eventually(() => finallyRan, 500, 'finally within 0.5 s')
  const at = pulled
  await sleep(50)
  t.equal(pulled, at, 'not pulled after the finally')
})

t.test('heartbeats only after `heartbeat` ms of silence', async (t) => {
  const { base } = await startSse(t, (app) => {
    app.get('/events', (_request, reply) => reply.sse(async function * () {
      for (let i = 0; i < 8; i++) {
        yield `event ${i}`
        await sleep(25) // busier than the heartbeat
      }
      await sleep(10_000)
    }, { heartbeat: 100 }))
  })
  const arrivals: Array<{ at: number, text: string }> = []
  const start = Date.now()
  await readUntil(`${base}/events`, (text) => {
    arrivals.push({ at: Date.now() - start, text })
    return (text.match(/: heartbeat/g) ?? []).length >= 2
  })
  const lastEvent = arrivals.find((arrival) => arrival.text.includes('event 7'))!
  const firstBeat = arrivals.find((arrival) => arrival.text.includes(': heartbeat'))!
  const secondBeat = arrivals.find((arrival) => (arrival.text.match(/: heartbeat/g) ?? []).length === 2)!
  t.ok(firstBeat.at >= lastEvent.at, 'no heartbeat while events flow')
  t.ok(firstBeat.at - lastEvent.at >= 90, `the first heartbeat ${firstBeat.at - lastEvent.at} ms after the last event`)
  t.ok(secondBeat.at - firstBeat.at >= 90, 'then one per heartbeat period')
  t.match(secondBeat.text, /^:\n\n(data: event \d\n\n)+: heartbeat\n\n: heartbeat\n\n$/)
})

for (const [label, size, wait] of [['large events, no wait', 64 * 1024, false], ['small events, a turn apart', 8 * 1024, true]] as const) {
  t.test(`a stalled reader (${label}): the source pauses, then writeTimeout closes the connection`, async (t) => {
    const state = { pulled: 0, finallyRan: false }
    const { base, logs } = await startSse(t, (app) => {
      app.get('/big', (_request, reply) => reply.sse(async function * () {
        try {
          for (;;) {
            state.pulled++
            yield 'y'.repeat(size)
            if (wait) await new Promise((resolve) => setImmediate(resolve))
          }
        } finally {
          state.finallyRan = true
        }
      }, { heartbeat: 0, writeTimeout: 300 }))
    })
    const socket = connect(Number(new URL(base).port), '127.0.0.1')
    socket.write('GET /big HTTP/1.1\r\nhost: localhost\r\n\r\n')
    socket.pause() // reads nothing
    const closed = once(socket, 'close')
    // Backpressure: the source stops being pulled once the buffers are full.
    let last = -1
    await eventually(() => {
      const stable = state.pulled === last && state.pulled > 0
      last = state.pulled
      return stable
    }, 5000, 'the source paused')
    t.ok(state.pulled * size < 32 * 1024 * 1024, `the source paused after ${state.pulled} events of ${size / 1024} KiB, not the whole flood`)
    const waited = await eventually(() => state.finallyRan, 2000, 'the source stopped')
    t.ok(waited >= 200, `stopped ${waited} ms after the source paused, not before writeTimeout`)
    t.ok(logs.some((line) => (line.err as { code?: string } | undefined)?.code === 'FST_REPLYKIT_SSE_WRITE_TIMEOUT'), 'logged with its code')
    // Reading now shows the server closed the connection (a reset or an end after what was sent).
    socket.on('error', () => {})
    socket.resume()
    await closed
    t.pass('the connection is closed')
  })
}

t.test('a reader that pauses shorter than writeTimeout catches up and is not cut', async (t) => {
  let finallyRan = false
  const { base } = await startSse(t, (app) => {
    app.get('/burst', (_request, reply) => reply.sse(async function * ({ signal }) {
      try {
        for (let i = 0; i < 100; i++) yield 'b'.repeat(64 * 1024)
        yield 'end of burst'
        await sleep(60_000, undefined, { signal })
      } finally {
        finallyRan = true
      }
    }, { heartbeat: 0, writeTimeout: 400 }))
  })
  const req = httpRequest(`${base}/burst`, { agent: false })
  req.end()
  const [response] = await once(req, 'response')
  response.pause()
  await sleep(250)
  let text = ''
  response.setEncoding('utf8').on('data', (chunk: string) => { text += chunk })
  response.resume()
  await eventually(() => text.includes('end of burst'), 3000, 'the whole burst')
  await sleep(700)
  t.notOk(finallyRan, 'still open after twice writeTimeout of idling')
  req.destroy()
  await eventually(() => finallyRan)
})

t.test('a sync source that floods stops when the client leaves', async (t) => {
  let finallyRan = false
  const { base } = await startSse(t, (app) => {
    app.get('/flood', (_request, reply) => reply.sse((function * () {
      try {
        for (;;) yield 'f'.repeat(512)
      } finally {
        finallyRan = true
      }
    }()), { heartbeat: 0 }))
  })
  await readUntil(`${base}/flood`, (text) => text.length > 2_000_000)
  await eventually(() => finallyRan, 500, 'the finally within 0.5 s')
  t.pass('stopped')
})

t.test('app.close() sends the close event to every open stream and ends them', async (t) => {
  const finals: number[] = []
  const { app, base } = await startSse(t, (app) => {
    const source = (index: number) => async function * ({ signal }: { signal: AbortSignal }) {
      try {
        yield `hello ${index}`
        await sleep(60_000, undefined, { signal })
      } finally {
        finals.push(index)
      }
    }
    app.get('/default/:n', (request, reply) => reply.sse(source(Number((request.params as { n: string }).n)), { heartbeat: 0 }))
    app.get('/custom', (_request, reply) => reply.sse(source(9), { close: { event: 'bye', data: { reconnect: false }, retry: 60_000 } }))
    app.get('/none', (_request, reply) => reply.sse(source(10), { close: false }))
  })
  const clients = [0, 1, 2].map((index) => {
    const source = new EventSource(`${base}/default/${index}`)
    const got: string[] = []
    const closed = new Promise<void>((resolve) => {
      source.addEventListener('message', (event) => got.push((event as unknown as { data: string }).data))
      source.addEventListener('close', (event) => { got.push(`close: ${(event as unknown as { data: string }).data}`); source.close(); resolve() })
    })
    return { got, closed, source }
  })
  const custom = new EventSource(`${base}/custom`)
  const bye = new Promise<string>((resolve) => custom.addEventListener('bye', (event) => { custom.close(); resolve((event as unknown as { data: string }).data) }))
  const none = readUntil(`${base}/none`, () => false)
  await eventually(() => clients.every((client) => client.got.length === 1))
  await sleep(50)
  const start = Date.now()
  await app.close()
  t.ok(Date.now() - start < 1000, `app.close() resolved in ${Date.now() - start} ms`)
  await Promise.all(clients.map((client) => client.closed))
  for (const [index, client] of clients.entries()) t.same(client.got, [`hello ${index}`, 'close: close'])
  t.same(JSON.parse(await bye), { reconnect: false })
  t.equal((await none).text, ':\n\ndata: hello 10\n\n', 'close: false ends the stream with no event')
  t.same(finals.sort((a, b) => a - b), [0, 1, 2, 9, 10], 'every source stopped')
})

t.test('app.close() does not wait for a reader that takes nothing', async (t) => {
  const { app, base } = await startSse(t, (app) => {
    app.get('/big', (_request, reply) => reply.sse((function * () { for (;;) yield 'z'.repeat(64 * 1024) }()), { heartbeat: 0, writeTimeout: 200 }))
  })
  const socket = connect(Number(new URL(base).port), '127.0.0.1')
  socket.write('GET /big HTTP/1.1\r\nhost: localhost\r\n\r\n')
  socket.pause()
  await sleep(200)
  const start = Date.now()
  await app.close()
  t.ok(Date.now() - start < 1500, `app.close() resolved in ${Date.now() - start} ms`)
  socket.destroy()
})

t.test('a stream that starts while the app closes gets the close event at once', async (t) => {
  const { app, base } = await startSse(t, (app) => {
    app.get('/late', async (_request, reply) => {
      await sleep(150)
      return reply.sse(async function * ({ signal }) { yield 'never'; await sleep(60_000, undefined, { signal }) })
    })
  })
  const answer = readUntil(`${base}/late`, () => false)
  await sleep(50)
  await app.close()
  t.equal((await answer).text, ':\n\nevent: close\ndata: close\n\n')
})
