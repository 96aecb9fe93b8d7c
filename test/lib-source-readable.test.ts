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
