// Waiting for a file stream to open before answering: a file deleted (or made unreadable) after its
// stat then fails as a clean error reply, instead of an error in the middle of a started response.
import type { ReadStream } from 'node:fs'

/** Resolves once `stream` has its file descriptor; rejects with the open error. */
export function whenOpen (stream: ReadStream): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream.pending) {
      resolve()
      return
    }
    stream.once('error', reject)
    stream.once('ready', () => {
      stream.off('error', reject)
      resolve()
    })
  })
}
