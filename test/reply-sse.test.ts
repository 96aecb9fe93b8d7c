// reply.sse over a real socket, checked with undici's EventSource (an independent parser): the
// exact events, injection attempts in every field, headers, schema filtering, resume with
// Last-Event-ID, useReply() in the source, errors before and after the first event, HEAD.
import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { Type } from '@sinclair/typebox'
import { request } from 'undici'
import { replyContext, useReply, useRequest } from '../plugins/reply-context.js'
import { eventually, receive, startSse } from './helpers/sse.js'

t.test('undici\'s EventSource receives the exact events', async (t) => {
  const { base } = await startSse(t, (app) => {
    app.get('/events', (_request, reply) => reply.sse([
      'one line',
      'lf\nsplit',
      'cr\rsplit',
      'crlf\r\nsplit',
      'trailing\n',
      '',
      ' leading space',
      'line\u2028separator\u2029paragraph',
      'nul\u0000inside',
      { data: { id: 7, text: 'a\nb', tags: ['x'] }, event: 'post', id: '7' },
      { data: [1, 2], id: '' },
      { comment: 'only a comment' },
      { data: 'with retry', retry: 0 },
      { data: null },
      { data: 42, event: 'number' },
      'last',
    ], { heartbeat: 0 }))
  })
  const events = await receive(`${base}/events`, 15, ['post', 'number'])
  t.same(events, [
    { type: 'message', data: 'one line', lastEventId: '' },
    { type: 'message', data: 'lf\nsplit', lastEventId: '' },
    { type: 'message', data: 'cr\nsplit', lastEventId: '' },
    { type: 'message', data: 'crlf\nsplit', lastEventId: '' },
    { type: 'message', data: 'trailing\n', lastEventId: '' },
    { type: 'message', data: '', lastEventId: '' },
    { type: 'message', data: ' leading space', lastEventId: '' },
    { type: 'message', data: 'line\u2028separator\u2029paragraph', lastEventId: '' },
    { type: 'message', data: 'nul\u0000inside', lastEventId: '' },
    { type: 'post', data: '{"id":7,"text":"a\\nb","tags":["x"]}', lastEventId: '7' },
    { type: 'message', data: '[1,2]', lastEventId: '' },
    { type: 'message', data: 'with retry', lastEventId: '' },
    { type: 'message', data: 'null', lastEventId: '' },
    { type: 'number', data: '42', lastEventId: '' },
    { type: 'message', data: 'last', lastEventId: '' },
  ])
})

t.test('the wire format, headers and the retry field', async (t) => {
  const { base } = await startSse(t, (app) => {
    app.get('/events', (_request, reply) => reply.sse(['a\r\nb', { comment: 'x\ny', retry: 0, id: '1' }], { retry: 2500, heartbeat: 0 }))
  })
  const response = await request(`${base}/events`)
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'text/event-stream; charset=utf-8')
  t.equal(response.headers['cache-control'], 'no-store')
  t.equal(response.headers['x-accel-buffering'], 'no')
  t.equal(response.headers['content-length'], undefined)
  t.equal(await response.body.text(), 'retry: 2500\n\ndata: a\ndata: b\n\n: x\n: y\nid: 1\nretry: 0\n\n')
})

t.test('injection attempts never add a field or an event', async (t) => {
  const vectors = ['\r', '\n', '\r\n', '\u0000']
  for (const field of ['id', 'event'] as const) {
    for (const vector of vectors) {
      const { base, logs } = await startSse(t, (app) => {
        app.get('/events', (_request, reply) => reply.sse(async function * () {
          yield 'before'
          yield { data: 'bad', [field]: `x${vector}data: injected${vector}${vector}` }
          yield 'never sent'
        }, { heartbeat: 0 }))
      })
      const response = await request(`${base}/events`)
      const body = await response.body.text()
      t.equal(body, ':\n\ndata: before\n\n', `${field} with ${JSON.stringify(vector)}: the stream ends cleanly after the good event`)
      await eventually(() => logs.some((line) => line.msg === 'reply.sse: event refused, stream ended'))
      const logged = logs.find((line) => line.msg === 'reply.sse: event refused, stream ended') as unknown as { err: { code: string, message: string } }
      t.equal(logged.err.code, 'FST_REPLYKIT_SSE_FIELD')
      t.match(logged.err.message, new RegExp(`Event ${field}: .* contains CR, LF or NUL`))
    }
  }
  // Data and comments are split instead: what a parser sees is the text, never a field.
  const { base } = await startSse(t, (app) => {
    app.get('/events', (_request, reply) => reply.sse(vectors.flatMap((vector) => [
      { comment: `c${vector}data: from comment${vector}${vector}event: evil` },
      { data: `d${vector}id: 666${vector}${vector}data: second` },
      { data: 'u\u2028id: 777' },
    ]), { heartbeat: 0 }))
  })
  const events = await receive(`${base}/events`, vectors.length * 2, ['evil'])
  for (const [index, vector] of vectors.entries()) {
    const line = vector === '\u0000' ? 'd\u0000id: 666\u0000\u0000data: second' : 'd\nid: 666\n\ndata: second'
    t.same(events[index * 2], { type: 'message', data: line, lastEventId: '' }, `data with ${JSON.stringify(vector)}`)
    t.same(events[index * 2 + 1], { type: 'message', data: 'u\u2028id: 777', lastEventId: '' })
  }
})

t.test('a schema filters each event\'s data', async (t) => {
  const Post = Type.Object({ id: Type.Integer(), title: Type.String() })
  const { base } = await startSse(t, (app) => {
    app.get('/events', (_request, reply) => reply.sse([
      { data: { id: 1, title: 'Hello', password_hash: 'secret' }, event: 'post' },
      { data: { id: 2, title: 'Two\nlines', internal: true }, id: '2' },
    ], { schema: Post, heartbeat: 0 }))
  })
  const events = await receive(`${base}/events`, 2, ['post'])
  t.same(events.map((event) => JSON.parse(event.data)), [{ id: 1, title: 'Hello' }, { id: 2, title: 'Two\nlines' }])
  t.notMatch(JSON.stringify(events), /secret|internal/)
})

t.test('Last-Event-ID reaches the source and an EventSource resumes', async (t) => {
  const seen: Array<string | undefined> = []
  const { base } = await startSse(t, (app) => {
    app.get('/events', (_request, reply) => reply.sse(({ lastEventId }) => {
      seen.push(lastEventId)
      const from = lastEventId === undefined ? 1 : Number(lastEventId) + 1
      // Three events per connection, then the stream ends: the client reconnects after `retry`.
      return [from, from + 1, from + 2].map((n) => ({ id: String(n), data: `event ${n}` }))
    }, { retry: 10, heartbeat: 0 }))
  })
  const events = await receive(`${base}/events`, 9)
  t.same(events.map((event) => event.data), [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `event ${n}`), 'each once, in order')
  t.same(events.map((event) => event.lastEventId), ['1', '2', '3', '4', '5', '6', '7', '8', '9'])
  t.same(seen.slice(0, 3), [undefined, '3', '6'])
})

t.test('useReply() and useRequest() work inside the source, across awaits', async (t) => {
  const { base } = await startSse(t, async (app) => {
    await app.register(replyContext)
    app.get('/events', (request, reply) => reply.sse(async function * () {
      for (let i = 0; i < 3; i++) {
        await sleep(5)
        yield { data: { same: useReply() === reply, id: useRequest().id === request.id, url: useRequest().url } }
      }
    }, { heartbeat: 0 }))
  })
  const events = await receive(`${base}/events?x=1`, 3)
  for (const event of events) t.same(JSON.parse(event.data), { same: true, id: true, url: '/events?x=1' })
})

t.test('errors: options at the call, the source before and after the first event', async (t) => {
  const { base, logs } = await startSse(t, (app) => {
    app.get('/bad-option', (_request, reply) => reply.sse([], { heartbeat: -1 }))
    app.get('/unknown-option', (_request, reply) => reply.sse([], { every: 1 } as never))
    app.get('/bad-close', (_request, reply) => reply.sse([], { close: { id: 'a\nb' } }))
    app.get('/bad-source', (_request, reply) => reply.sse(42 as never))
    app.get('/fails-first', (_request, reply) => reply.sse(async function * () { throw new Error('no database') }))
    app.get('/fails-later', (_request, reply) => reply.sse(async function * () {
      yield 'first'
      await sleep(20)
      throw new Error('lost the database')
    }, { heartbeat: 0 }))
  })
  for (const [path, code] of [['/bad-option', 'FST_REPLYKIT_BAD_OPTION'], ['/unknown-option', 'FST_REPLYKIT_BAD_OPTION'],
    ['/bad-close', 'FST_REPLYKIT_SSE_FIELD'], ['/bad-source', 'FST_REPLYKIT_BAD_STREAM_SOURCE']]) {
    const response = await request(`${base}${path}`)
    t.equal(response.statusCode, 500, path)
    t.match(response.headers['content-type'], /^application\/json/, path)
    t.equal((await response.body.json() as { code: string }).code, code, path)
  }
  const first = await request(`${base}/fails-first`)
  t.equal(first.statusCode, 500, 'an error before anything was written is a normal error reply')
  t.match(await first.body.json(), { message: 'no database' })

  // After the first event: the connection is cut (no invented `event: error`), the error logged.
  const later = await request(`${base}/fails-later`)
  let text = ''
  const failure = await (async () => {
    try {
      for await (const chunk of later.body) text += chunk.toString()
    } catch (error) {
      return error as Error
    }
  })()
  t.ok(failure, 'the body does not end normally')
  t.equal(text, ':\n\ndata: first\n\n')
  await eventually(() => logs.some((line) => (line.err as { message?: string } | undefined)?.message === 'lost the database'))
})

t.test('HEAD answers with the headers and never starts the source', async (t) => {
  let started = 0
  let closed = 0
  const { base } = await startSse(t, (app) => {
    app.get('/fn', (_request, reply) => reply.sse(() => { started++; return [] }))
    app.get('/gen', (_request, reply) => reply.sse((function * () { try { started++; yield 'x' } finally { closed++ } })()))
  })
  for (const path of ['/fn', '/gen']) {
    const response = await request(`${base}${path}`, { method: 'HEAD' })
    t.equal(response.statusCode, 200)
    t.equal(response.headers['content-type'], 'text/event-stream; charset=utf-8')
    t.equal(await response.body.text(), '')
  }
  t.equal(started, 0)
  t.equal(closed, 0, 'a generator never started has no finally to run')
})

t.test('a sync source that never waits does not starve other requests', async (t) => {
  const { base } = await startSse(t, (app) => {
    app.get('/flood', (_request, reply) => reply.sse((function * () { for (let i = 0; i < 200_000; i++) yield { data: { i } } }()), { heartbeat: 0 }))
    app.get('/ping', async () => 'pong')
  })
  const flood = request(`${base}/flood`).then(async (response) => (await response.body.text()).split('\n\n').length)
  const ping = await request(`${base}/ping`)
  t.equal(await ping.body.text(), 'pong')
  t.equal(await flood, 200_002, 'prelude, 200,000 events, the final empty chunk')
})

t.test('a broken iterator and a finally that throws are reported, never a crash', async (t) => {
  const { base, logs } = await startSse(t, (app) => {
    app.get('/bad-result', (_request, reply) => reply.sse({ [Symbol.iterator]: () => ({ next: () => null }) } as never))
    app.get('/number-result', (_request, reply) => reply.sse({ [Symbol.iterator]: () => ({ next: () => 5 }) } as never))
    app.get('/bigint', (_request, reply) => reply.sse([{ data: 1n }]))
    app.get('/throws-in-finally', (_request, reply) => reply.sse(async function * () {
      try {
        yield { data: 'x', id: 'bad\nid' }
      } finally {
        throw new Error('cleanup failed') // eslint-disable-line no-unsafe-finally
      }
    }))
  })
  const bad = await request(`${base}/bad-result`)
  t.equal(bad.statusCode, 500)
  t.match(await bad.body.json(), { code: 'FST_REPLYKIT_BAD_STREAM_SOURCE', message: /next\(\) gave null, not an iterator result/ })
  const number = await request(`${base}/number-result`)
  t.match(await number.body.json(), { code: 'FST_REPLYKIT_BAD_STREAM_SOURCE', message: /next\(\) gave number/ })
  const bigint = await request(`${base}/bigint`)
  t.equal(bigint.statusCode, 500, 'data JSON cannot write: an error reply before the first byte')
  t.match(await bigint.body.json(), { message: /BigInt/ })
  const finallyThrows = await request(`${base}/throws-in-finally`)
  t.equal(await finallyThrows.body.text(), ':\n\n')
  await eventually(() => logs.some((line) => line.msg === 'reply.sse source failed while being stopped'))
  t.match(logs.find((line) => line.msg === 'reply.sse source failed while being stopped'), { err: { message: 'cleanup failed' } })
})
