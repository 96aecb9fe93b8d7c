// The blog's live feed: every created or updated post becomes an event with a rising id, kept in a
// short history so a client that reconnects with Last-Event-ID gets what it missed, then new
// events as they happen. `GET /posts/events` sends them with reply.sse through the Post schema.
import type { SseEvent } from '../../types/options.js'
import type { PostRow } from './db.js'

export type PostChange = 'created' | 'updated'

interface Entry { id: number, change: PostChange, post: PostRow }

export interface PostEvents {
  publish: (change: PostChange, post: PostRow) => void
  /** The events after `lastEventId` still in the history, then each new one, until `signal` aborts. */
  feed: (lastEventId: string | undefined, signal: AbortSignal) => AsyncGenerator<SseEvent>
  /** How many feeds are listening (for tests and health checks). */
  readonly listeners: number
}

export function createPostEvents (historySize = 1000): PostEvents {
  const history: Entry[] = []
  const listeners = new Set<(entry: Entry) => void>()
  let lastId = 0

  const asEvent = (entry: Entry): SseEvent => ({ id: String(entry.id), event: entry.change, data: entry.post })

  return {
    get listeners () { return listeners.size },
    publish (change, post) {
      const entry = { id: ++lastId, change, post }
      history.push(entry)
      if (history.length > historySize) history.shift()
      for (const listener of listeners) listener(entry)
    },
    async * feed (lastEventId, signal) {
      const queue: Entry[] = []
      let wake: (() => void) | undefined
      const listener = (entry: Entry): void => { queue.push(entry); wake?.() }
      const stop = (): void => wake?.()
      listeners.add(listener)
      signal.addEventListener('abort', stop)
      try {
        // An id this process never gave (a restart, garbage): replay nothing, follow from now.
        const after = Number(lastEventId)
        let last = 0
        if (Number.isSafeInteger(after) && after > 0 && after <= lastId) {
          last = after
          for (const entry of history) {
            if (entry.id <= last) continue
            last = entry.id
            yield asEvent(entry)
          }
        }
        while (!signal.aborted) {
          const entry = queue.shift()
          if (entry === undefined) {
            await new Promise<void>((resolve) => { wake = resolve })
            wake = undefined
          } else if (entry.id > last) { // not already replayed from the history
            last = entry.id
            yield asEvent(entry)
          }
        }
      } finally {
        listeners.delete(listener)
        signal.removeEventListener('abort', stop)
      }
    },
  }
}
