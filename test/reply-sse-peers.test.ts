// reply.sse beside the rest of the suite and its peers: cacheControl's route policy applies unless
// a shared cache could keep the stream; route headers and the cookie downgrade apply; an
// @fastify/compress registered beside it never compresses (and so never buffers) the events.
import t from 'tap'
import { once } from 'node:events'
import { request as httpRequest } from 'node:http'
import compress from '@fastify/compress'
import { cacheControl } from '../plugins/cache-control.js'
import { routeHeaders } from '../plugins/route-headers.js'
import { receive, startSse, eventually } from './helpers/sse.js'
import { request } from 'undici'

t.test('cache policies: kept when private, refused when a shared cache could store the stream', async (t) => {
  const { base, logs } = await startSse(t, async (app) => {
    await app.register(cacheControl)
    await app.register(routeHeaders, { headers: { 'x-service': 'blog' } })
    app.get('/none', (_request, reply) => reply.sse(['x']))
    app.get('/private', { config: { cache: 'private, max-age=5' } }, (_request, reply) => reply.sse(['x']))
    app.get('/public', { config: { cache: 'public, max-age=60' } }, (_request, reply) => reply.sse(['x']))
    app.get('/override', { config: { cache: 'private' } }, (_request, reply) => reply.cache('public, max-age=60').sse(['x']))
    app.get('/handler', (_request, reply) => reply.header('cache-control', 's-maxage=60').sse(['x']))
    app.get('/declared', { config: { headers: { 'x-route': 'events' } } }, (_request, reply) => reply.sse(['x']))
    // Another hook drops the header after ours: what leaves is still no-store.
    app.get('/dropped', { onSend: (_request, reply, payload, done) => { reply.removeHeader('cache-control'); done(null, payload) } },
      (_request, reply) => reply.sse(['x']))
    app.setNotFoundHandler((_request, reply) => reply.header('cache-control', 'public').sse(['x']))
  })
  const expected: Record<string, string> = {
    '/none': 'no-store', '/private': 'private, max-age=5', '/dropped': 'no-store', '/nowhere': 'no-store', '/public': 'no-store', '/override': 'no-store', '/handler': 'no-store',
  }
  for (const [path, cacheControlValue] of Object.entries(expected)) {
    const response = await request(`${base}${path}`)
    t.equal(response.headers['cache-control'], cacheControlValue, path)
    t.equal(await response.body.text(), ':\n\ndata: x\n\n', path)
  }
  const warnings = logs.filter((line) => /would let a shared cache store an event stream/.test(line.msg)).map((line) => line.route)
  t.same(warnings.sort(), ['GET /handler', 'GET /nowhere', 'GET /override', 'GET /public'], 'each logged once')
  const again = await request(`${base}/public`)
  await again.body.text()
  t.equal(logs.filter((line) => line.route === 'GET /public').length, 1, 'not logged twice for a route')
  const declared = await request(`${base}/declared`)
  t.equal(declared.headers['x-route'], 'events')
  t.equal(declared.headers['x-service'], 'blog')
  await declared.body.text()
})

for (const [label, options] of [['default options', {}], ['customTypes matching every text/* type', { customTypes: /^text\//, threshold: 0 }]] as const) {
  t.test(`@fastify/compress beside it (${label}) never compresses or buffers the events`, async (t) => {
    let release: () => void = () => {}
    const { base } = await startSse(t, async (app) => {
      await app.register(compress, options)
      app.get('/events', (_request, reply) => reply.sse(async function * () {
        yield { data: 'first '.repeat(300) } // above any threshold
        await new Promise<void>((resolve) => { release = resolve })
        yield 'second'
      }, { heartbeat: 0 }))
      app.get('/text', (_request, reply) => reply.type('text/plain').send('compress me '.repeat(500)))
    })
    // The control: the same app compresses a text body for this client.
    const text = await request(`${base}/text`, { headers: { 'accept-encoding': 'gzip' } })
    await text.body.dump()
    t.equal(text.headers['content-encoding'], 'gzip', 'the control is compressed')

    const req = httpRequest(`${base}/events`, { headers: { 'accept-encoding': 'gzip, br' }, agent: false })
    req.end()
    const [response] = await once(req, 'response')
    t.equal(response.headers['content-encoding'], undefined)
    let body = ''
    response.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
    await eventually(() => body.includes('first'), 2000, 'the first event before the second exists')
    release()
    await once(response, 'end')
    t.equal(body, `:\n\ndata: ${'first '.repeat(300)}\n\ndata: second\n\n`)
    const events = await receive(`${base}/events`, 1)
    t.equal(events[0].data, 'first '.repeat(300), 'an EventSource reads it too')
  })
}
