// A raw node:http client for streaming tests: reads until told to stop, can pause (a slow client)
// or destroy its socket mid-body (a client that leaves), and reports how the body ended.
import { request, type IncomingMessage } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

export interface RawResponse { response: IncomingMessage, received: () => number, ended: Promise<'complete' | 'aborted'> }

/** Starts a GET and resolves once the headers are in; the body is counted as it arrives. */
export function rawGet (url: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (response) => {
      let received = 0
      response.on('data', (chunk: Buffer) => { received += chunk.length })
      const ended = new Promise<'complete' | 'aborted'>((resolve) => {
        response.on('end', () => resolve('complete'))
        response.on('aborted', () => resolve('aborted'))
        response.on('error', () => resolve('aborted'))
        response.on('close', () => resolve(response.complete ? 'complete' : 'aborted'))
      })
      resolve({ response, received: () => received, ended })
    })
    req.on('error', reject)
    req.end()
  })
}

/** Waits until `read()` reaches at least `n`. */
export async function until (read: () => number, n: number): Promise<void> {
  while (read() < n) await sleep(5)
}

/** Waits until `read()` stops changing (the same value over `polls` polls), or passes `limit`. */
export async function settled (read: () => number, limit: number, polls = 6): Promise<number> {
  let last = -1
  let same = 0
  while (same < polls && read() < limit) {
    await sleep(50)
    const now = read()
    same = now === last ? same + 1 : 0
    last = now
  }
  return read()
}

/** Waits until `check()` is true (something that happens on its own, e.g. a generator's finally). */
export async function waitFor (check: () => boolean): Promise<void> {
  while (!check()) await sleep(1)
}
