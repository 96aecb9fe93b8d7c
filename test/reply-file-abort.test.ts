// Client aborts: 200 downloads cut mid-body by destroying the client socket, then the process's open
// file descriptors (/proc/self/fd) must be back where they started: every file is closed.
import { test } from 'tap'
import { readdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { listen } from './helpers/server.js'
import { fileApp, fileTree } from './helpers/reply-file.js'

const openFds = (): number => readdirSync('/proc/self/fd').length

/** Sends a GET, waits for `bytes` bytes of the answer (0: none), then destroys the socket. */
function abortAfter (port: number, path: string, bytes: number, headers = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n${headers}\r\n`)
      if (bytes === 0) {
        socket.destroy()
        resolve(0)
      }
    })
    let received = 0
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received >= bytes) {
        socket.destroy()
        resolve(received)
      }
    })
    socket.on('error', reject)
  })
}

/** Waits (at most ~10 s) for the open descriptors to come down to `target`; returns the count seen. */
async function settle (target: number): Promise<number> {
  for (let i = 0; i < 200 && openFds() > target; i++) await sleep(50)
  return openFds()
}

/** Waits until the count of open descriptors stops changing (three equal looks in a row). */
async function steady (): Promise<number> {
  let last = -1
  let same = 0
  for (let i = 0; i < 200 && same < 3; i++) {
    await sleep(30)
    const now = openFds()
    same = now === last ? same + 1 : 0
    last = now
  }
  return last
}

test('200 aborted downloads leave no file descriptor open', { skip: process.platform !== 'linux' && 'needs /proc' }, async (t) => {
  const { root } = await fileTree(t)
  const size = 8 * 1024 * 1024
  await writeFile(join(root, 'large.bin'), Buffer.alloc(size, 7))
  const app = await fileApp({ root })
  let served = 0
  app.get('/large', { onResponse: async () => { served++ } }, (_request, reply) => reply.file('large.bin'))
  const base = await listen(t, app)
  const port = Number(new URL(base).port)

  // One complete download first, so that lazily opened handles (logger, pools) are already counted.
  await abortAfter(port, '/large', size)
  const before = await steady()

  let received = 0
  for (let i = 0; i < 200; i++) {
    // Mostly mid-body, some with a Range (a stream of our own), a few before any byte came back.
    const range = i % 3 === 1 ? 'Range: bytes=1000-\r\n' : ''
    received += await abortAfter(port, '/large', i % 10 === 9 ? 0 : 64 * 1024, range)
  }
  t.ok(received < 200 * size, 'the downloads were really cut')
  const after = await settle(before)
  t.equal(after, before, `open descriptors back to ${before}`)
  t.ok(served > 0, 'the server answered')
})

test('aborted conditional requests (304) leave nothing open', async (t) => {
  const { root } = await fileTree(t)
  const app = await fileApp({ root })
  app.get('/f', (_request, reply) => reply.file('data.bin'))
  const base = await listen(t, app)
  const port = Number(new URL(base).port)
  await abortAfter(port, '/f', 1)
  const before = await steady()
  for (let i = 0; i < 50; i++) await abortAfter(port, '/f', 1, 'If-None-Match: *\r\n')
  t.equal(await settle(before), before)
})
