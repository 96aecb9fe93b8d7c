// The blog's live feed, GET /posts/events, over a real socket: undici's EventSource sees created
// and updated posts as they happen, filtered by the Post schema; a client that comes back with
// Last-Event-ID gets what it missed, and a client that leaves stops its feed.
import t from 'tap'
import { EventSource } from 'undici'
import { postJson, startBlog } from './helpers/blog.js'
import { eventually, readUntil } from './helpers/sse.js'
import { createPostEvents } from '../examples/blog/events.js'
import type { PostRow } from '../examples/blog/db.js'

interface Got { type: string, id: string, post: Record<string, unknown> }

t.test('GET /posts/events', async (t) => {
  const { base } = await startBlog(t)
  const source = new EventSource(`${base}/posts/events`)
  t.teardown(() => source.close())
  const got: Got[] = []
  for (const type of ['created', 'updated']) {
    source.addEventListener(type, (event) => {
      const message = event as unknown as { type: string, lastEventId: string, data: string }
      got.push({ type: message.type, id: message.lastEventId, post: JSON.parse(message.data) })
    })
  }
  await new Promise((resolve) => { source.onopen = resolve })

  const created = await postJson(`${base}/posts`, { slug: 'live', title: 'Live', body: 'first' })
  t.equal(created.status, 201)
  const id = JSON.parse(created.body).id as number
  t.equal((await postJson(`${base}/posts`, { slug: 'live', title: 'Live, edited', body: 'second' })).status, 200, 'the same slug: an update')
  await eventually(() => got.length === 2, 3000, 'two events')
  t.same(got.map((event) => [event.type, event.id, event.post.id, event.post.title]), [['created', '1', id, 'Live'], ['updated', '2', id, 'Live, edited']])
  t.same(Object.keys(got[0].post).sort(), ['author_id', 'body', 'created_at', 'id', 'slug', 'title', 'updated_at'], 'only the Post schema\'s fields')
  t.notOk('internal_notes' in got[1].post)
  source.close()

  // Missed while away: replayed after Last-Event-ID, then the feed goes on live.
  await postJson(`${base}/posts`, { title: 'Missed', body: 'third' })
  const following = readUntil(`${base}/posts/events`, (text) => text.includes('Afterwards'), { 'last-event-id': '2' })
  setTimeout(() => { postJson(`${base}/posts`, { title: 'Afterwards', body: 'fourth' }).catch(() => {}) }, 100)
  const resumed = await following
  t.equal(resumed.headers.get('content-type'), 'text/event-stream; charset=utf-8')
  t.equal(resumed.headers.get('cache-control'), 'no-store')
  const ids = [...resumed.text.matchAll(/^id: (\d+)$/gm)].map((match) => match[1])
  t.same(ids, ['3', '4'], 'the missed event, then the new one, each once')
  t.match(resumed.text, /event: created\nid: 3\ndata: \{[^\n]*"title":"Missed"/)
})

t.test('the event bus: replay after an id, duplicates never, listeners gone when the feed stops', async (t) => {
  const events = createPostEvents(2)
  const post = (id: number) => ({ id, title: `p${id}` }) as unknown as PostRow
  events.publish('created', post(1))
  events.publish('created', post(2))
  events.publish('updated', post(1)) // the history keeps the last 2: ids 2 and 3
  const controller = new AbortController()
  const feed = events.feed('1', controller.signal)
  t.same(await feed.next(), { done: false, value: { id: '2', event: 'created', data: post(2) } })
  t.equal(events.listeners, 1)
  const third = feed.next()
  events.publish('created', post(4))
  t.same(await third, { done: false, value: { id: '3', event: 'updated', data: post(1) } })
  t.same(await feed.next(), { done: false, value: { id: '4', event: 'created', data: post(4) } })
  const waiting = feed.next()
  controller.abort()
  t.same(await waiting, { done: true, value: undefined })
  t.equal(events.listeners, 0, 'the listener is gone')
  // An unknown or future id replays nothing and follows from now.
  for (const [index, lastEventId] of ['99', 'garbage', undefined].entries()) {
    const later = new AbortController()
    const fresh = events.feed(lastEventId, later.signal)
    const first = fresh.next()
    events.publish('created', post(5))
    t.same((await first).value, { id: String(5 + index), event: 'created', data: post(5) }, `${lastEventId}: only the new event`)
    later.abort()
    t.same(await fresh.next(), { done: true, value: undefined })
  }
  t.equal(events.listeners, 0)
})
