// replyContext costs nothing until registered, and its store never outlives a request: it is
// entered with AsyncLocalStorage.run, so nothing is left on a keep-alive connection's resources
// for the connection's next request (pipelined in the same read, or sent later) or for code that
// runs outside any request's chain. Over real sockets, raw HTTP/1.1 so the requests' timing is ours.
// Were the store entered with enterWith, the hook-before-replyContext checks fail on Node.js 20
// and 22 and the later-listener checks on every line (tried on 20 and 24).
import { test } from 'tap'
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { connect } from 'node:net'
import { once } from 'node:events'
import Fastify from 'fastify'
import { listen } from './helpers/server.js'

// Count every AsyncLocalStorage created from here on. node:async_hooks is patched through its
// CommonJS object and synced to its ESM exports before the package is first imported below.
const asyncHooks = createRequire(import.meta.url)('node:async_hooks') as typeof import('node:async_hooks')
const Original = asyncHooks.AsyncLocalStorage
let created = 0
class Counted<T> extends Original<T> {
  constructor () {
    super()
    created++
  }
}
// A plain property on Node.js 20, a getter on 22+ (it picks the implementation): redefine it either way.
Object.defineProperty(asyncHooks, 'AsyncLocalStorage', { value: Counted, writable: true, configurable: true, enumerable: true })
syncBuiltinESMExports()
const kit = await import('../plugins/index.js')
const { replyContext, useReply } = kit

test('importing the package creates no AsyncLocalStorage; the first registration creates one, for every app', async (t) => {
  t.equal(created, 0, 'after import')
  t.throws(() => useReply(), { code: 'FST_REPLYKIT_NO_CONTEXT', message: /replyContext is not registered/ })
  const plain = Fastify()
  await plain.register(kit.cacheControl)
  await plain.ready()
  t.equal(created, 0, 'an app using other plugins of the suite pays nothing')
  await plain.close()
  const one = Fastify()
  await one.register(replyContext)
  await one.ready()
  t.equal(created, 1, 'after the first registration')
  const two = Fastify()
  await two.register(replyContext)
  await two.ready()
  t.equal(created, 1, 'a second app shares it')
  await one.close()
  await two.close()
})

interface Seen { url: string, before: string, inHandler: string }

/**
 * An app whose root onRequest hook runs before replyContext's and records what useReply() gives
 * there: with `run` nothing (the store is not entered yet); with `enterWith` the store a previous
 * request on the connection left behind.
 */
async function recordingApp (t: { teardown: (fn: () => unknown) => void }): Promise<{ port: number, seen: Seen[], outside: string[] }> {
  const app = Fastify()
  const seen: Seen[] = []
  const outside: string[] = []
  const current = (): string => { try { return useReply().request.url } catch (error) { return (error as { code: string }).code } }
  app.addHook('onRequest', (request, _reply, done) => { seen.push({ url: request.url, before: current(), inHandler: '' }); done() })
  await app.register(replyContext)
  app.get('/:name', async (request) => {
    seen.find(s => s.url === request.url)!.inHandler = current()
    return 'ok'
  })
  // Code outside any request's chain: the connection's close event, and a listener of the server's
  // 'request' event added after Fastify's (Node.js calls it right after Fastify's returns).
  app.server.on('connection', (socket) => {
    socket.on('close', () => { outside.push(`close: ${current()}`) })
  })
  const url = await listen(t, app)
  app.server.on('request', (request) => { outside.push(`${request.url}: ${current()}`) })
  return { port: Number(new URL(url).port), seen, outside }
}

/** Sends each part on one connection (waiting for its answer when `pauseMs` > 0) until the server closes it. */
async function exchange (port: number, parts: string[], pauseMs: number): Promise<string> {
  const socket = connect(port, '127.0.0.1')
  const closed = once(socket, 'close')
  await once(socket, 'connect')
  let received = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => { received += chunk })
  for (const part of parts) {
    const before = received.length
    socket.write(part)
    // Wait for this part's answer before the next part: a later request, not a pipelined one.
    if (pauseMs === 0) continue
    while (received.length === before) await new Promise(resolve => setTimeout(resolve, pauseMs))
  }
  await closed
  return received
}

const get = (path: string, close = false): string =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${close ? 'Connection: close\r\n' : ''}\r\n`

test('a keep-alive connection\'s next request starts with no reply in context', async (t) => {
  const { port, seen, outside } = await recordingApp(t)
  const received = await exchange(port, [get('/first'), get('/second'), get('/third', true)], 5)
  t.equal(received.match(/HTTP\/1\.1 200 OK/g)?.length, 3, 'three answers on one connection')
  t.same(seen, [
    { url: '/first', before: 'FST_REPLYKIT_NO_CONTEXT', inHandler: '/first' },
    { url: '/second', before: 'FST_REPLYKIT_NO_CONTEXT', inHandler: '/second' },
    { url: '/third', before: 'FST_REPLYKIT_NO_CONTEXT', inHandler: '/third' },
  ], 'a hook before replyContext\'s sees no earlier request\'s reply')
  t.same(outside, ['/first', '/second', '/third', 'close'].map(at => `${at}: FST_REPLYKIT_NO_CONTEXT`),
    'a later \'request\' listener and the socket\'s close event see no reply')
})

test('pipelined requests read in one chunk each start with no reply in context', async (t) => {
  const { port, seen, outside } = await recordingApp(t)
  const received = await exchange(port, [get('/a') + get('/b') + get('/c', true)], 0)
  t.equal(received.match(/HTTP\/1\.1 200 OK/g)?.length, 3, 'three answers on one connection')
  t.same(seen.map(s => s.url), ['/a', '/b', '/c'])
  t.same(seen.map(s => s.before), ['FST_REPLYKIT_NO_CONTEXT', 'FST_REPLYKIT_NO_CONTEXT', 'FST_REPLYKIT_NO_CONTEXT'],
    'a hook before replyContext\'s sees no other request\'s reply')
  t.same(seen.map(s => s.inHandler), ['/a', '/b', '/c'], 'each handler sees its own')
  t.same(outside, ['/a', '/b', '/c', 'close'].map(at => `${at}: FST_REPLYKIT_NO_CONTEXT`),
    'a later \'request\' listener and the socket\'s close event see no reply')
})
