// sourceReadable and openSource on their own: prefix and byte chunks together, close errors
// without a handler, and closing twice.
import { test } from 'tap'
import { text } from 'node:stream/consumers'
import { sourceReadable } from '../lib/source-readable.js'
import { openSource } from '../lib/stream-source.js'

test('text joined before a byte chunk goes out first, in order', async (t) => {
  const body = sourceReadable(openSource(['a', 'b']), {
    prefix: first => `[${String(first)}]`,
    encode: item => item === 'b' ? new TextEncoder().encode('B') : String(item),
    batchSize: 1024,
  })
  t.equal(await text(body), '[a]aB')
})

test('an empty source writes only the prefix', async (t) => {
  const body = sourceReadable(openSource([]), { prefix: first => `first=${String(first)};`, encode: String, batchSize: 10 })
  t.equal(await text(body), 'first=undefined;')
})

test('a close error without a handler is swallowed; closing twice stops once', async (t) => {
  let returns = 0
  const source = openSource({
    [Symbol.iterator]: () => ({
      next: () => ({ done: false, value: 'x' }),
      return: () => { returns++; throw new Error('close failed') },
    }),
  })
  const body = sourceReadable(source, { encode: String })
  body.destroy()
  await new Promise(resolve => body.on('close', resolve))
  await t.resolves(source.close(), 'closing again does nothing')
  t.equal(returns, 1, 'return() ran once, from destroy; its error went nowhere')
  t.equal(source.signal.aborted, true)
})

test('a body destroyed while it gives the event loop a turn pulls nothing more', async (t) => {
  let pulled = 0
  let returned = false
  const chunk = 'x'.repeat(64 * 1024)
  const body = sourceReadable(openSource({
    [Symbol.iterator]: () => ({
      next: () => { pulled++; return { done: false, value: chunk } },
      return: () => { returned = true; return { done: true, value: undefined } },
    }),
  }), { encode: String })
  let received = 0
  let pulledAtDestroy = -1
  body.on('data', (data: Buffer) => {
    received += data.length
    if (received >= 256 * 1024 && pulledAtDestroy === -1) {
      setImmediate(() => { pulledAtDestroy = pulled; body.destroy() })
    }
  })
  await new Promise(resolve => body.on('close', resolve))
  t.ok(returned, 'the source was stopped')
  t.equal(pulled, pulledAtDestroy, 'no item was pulled after the destroy')
})

test('closing a stream source before reading destroys it, old-style streams included', async (t) => {
  const { Readable } = await import('node:stream')
  const { EventEmitter } = await import('node:events')
  const modern = Readable.from(['a'])
  await openSource(modern).close()
  t.ok(modern.destroyed, 'a Node Readable is destroyed')
  const old = Object.assign(new EventEmitter(), { pipe () {}, pause () {}, resume () {} })
  await t.resolves(openSource(old).close(), 'an old-style stream without destroy() closes too')
})
