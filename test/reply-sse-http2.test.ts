// reply.sse over HTTP/2 (Fastify({ http2: true }), cleartext), with node:http2 as the client: the
// exact bytes and headers, RST_STREAM stops the source within 0.5 s and leaves the session
// usable, and app.close() drains the stream and closes the session gracefully.
import t from 'tap'
import { connect, constants, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { eventually, startSse } from './helpers/sse.js'

function open (t: { teardown: (fn: () => unknown) => void }, base: string): ClientHttp2Session {
  const session = connect(base)
  session.on('error', () => {})
  t.teardown(() => { session.destroy() })
  return session
}

function get (session: ClientHttp2Session, path: string) {
  const stream = session.request({ ':path': path })
  let text = ''
  stream.setEncoding('utf8').on('data', (chunk: string) => { text += chunk })
  const headers = once(stream, 'response') as Promise<[IncomingHttpHeaders]>
  const ended = once(stream, 'close')
  return { stream, headers, ended, text: () => text }
}

t.test('events over HTTP/2', async (t) => {
  const state = { finallyAt: 0, pulled: 0 }
  const { app, base } = await startSse(t, (app) => {
    app.get('/late', async (_request, reply) => {
      await sleep(150)
      return reply.sse(['never'])
    })
    app.get('/events', (_request, reply) => reply.sse([{ event: 'post', id: '1', data: { id: 1 } }, 'two\nlines'], { heartbeat: 0 }))
    app.get('/live', (_request, reply) => reply.sse(async function * ({ signal }) {
      try {
        for (;;) {
          state.pulled++
          yield `tick ${state.pulled}`
          await sleep(30_000, undefined, { signal })
        }
      } finally {
        state.finallyAt = Date.now()
      }
    }, { heartbeat: 50 }))
  }, { http2: true })
  const session = open(t, base)

  t.test('the exact bytes and headers', async (t) => {
    const request = get(session, '/events')
    const [headers] = await request.headers
    t.equal(headers[':status'], 200)
    t.equal(headers['content-type'], 'text/event-stream; charset=utf-8')
    t.equal(headers['cache-control'], 'no-store')
    t.equal(headers['x-accel-buffering'], 'no')
    await request.ended
    t.equal(request.text(), ':\n\nevent: post\nid: 1\ndata: {"id":1}\n\ndata: two\ndata: lines\n\n')
  })

  t.test('RST_STREAM stops the source within 0.5 s; the session goes on', async (t) => {
    const request = get(session, '/live')
    await eventually(() => request.text().includes('tick 1'))
    const at = Date.now()
    request.stream.close(constants.NGHTTP2_CANCEL)
    await eventually(() => state.finallyAt !== 0, 500, 'the finally')
    t.ok(state.finallyAt - at < 500, `finally ${state.finallyAt - at} ms after RST_STREAM`)
    await sleep(80)
    t.equal(state.pulled, 1, 'nothing pulled after')
    const again = get(session, '/events')
    await again.ended
    t.match(again.text(), /data: two/, 'the same session still serves')
  })

  t.test('app.close() drains the stream and closes the session', async (t) => {
    state.finallyAt = 0
    const request = get(session, '/live')
    await eventually(() => request.text().includes('tick'))
    const late = get(open(t, base), '/late')
    await sleep(50)
    const goaway = once(session, 'goaway')
    const start = Date.now()
    await app.close()
    t.ok(Date.now() - start < 1000, `app.close() in ${Date.now() - start} ms`)
    await request.ended
    t.match(request.text(), /event: close\ndata: close\n\n$/)
    t.ok(state.finallyAt !== 0, 'the source stopped')
    await goaway
    t.pass('the server sent GOAWAY')
    await late.ended
    t.equal(late.text(), ':\n\nevent: close\ndata: close\n\n', 'a stream started during the drain gets the close event at once')
  })
})
