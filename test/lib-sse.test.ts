// lib/sse-event.ts and lib/sse-options.ts: the event encoding (line splitting, field checks,
// comments, retry) and the options of one reply.sse call, checked at the call.
import t from 'tap'
import { Type } from '@sinclair/typebox'
import { commentLines, dataLines, encodeItem, plainData } from '../lib/sse-event.js'
import { resolveSseOptions, schemaData } from '../lib/sse-options.js'

t.test('data and comment lines split on CR, LF and CRLF only', async (t) => {
  t.equal(dataLines('a'), 'data: a\n')
  t.equal(dataLines('a\nb\rc\r\nd'), 'data: a\ndata: b\ndata: c\ndata: d\n')
  t.equal(dataLines('\r\n'), 'data: \ndata: \n')
  t.equal(dataLines('a\u2028b\u2029c\u0085d'), 'data: a\u2028b\u2029c\u0085d\n', 'U+2028, U+2029 and NEL are not line ends')
  t.equal(commentLines('x'), ': x\n')
  t.equal(commentLines('x\r\ndata: y\rid: 1\n'), ': x\n: data: y\n: id: 1\n: \n')
})

t.test('items', async (t) => {
  t.equal(encodeItem('hi', plainData), 'data: hi\n\n')
  t.equal(encodeItem({}, plainData), '\n')
  t.equal(encodeItem({ data: { a: [1] }, event: 'e', id: '1', retry: 0, comment: 'c' }, plainData),
    ': c\nevent: e\nid: 1\nretry: 0\ndata: {"a":[1]}\n\n')
  t.equal(encodeItem({ data: 'text', event: '', id: '' }, plainData), 'event: \nid: \ndata: text\n\n', 'empty id resets, empty event is a message')
  t.equal(encodeItem({ data: false }, plainData), 'data: false\n\n')
  const refused: Array<[unknown, RegExp]> = [
    [null, /Event item: must be a string .* got null/],
    [7, /got number/],
    [['a'], /got an array/],
    [{ data: 'x', title: 'y' }, /field "title": is not one of data, event, id, retry, comment/],
    [{ id: 5 }, /id: must be a string, got number/],
    [{ event: null }, /event: must be a string, got null/],
    [{ comment: 1 }, /comment: must be a string, got number/],
    [{ id: 'a\u0000b' }, /id: "a\\u0000b" contains CR, LF or NUL/],
    [{ event: 'x'.repeat(100) + '\n' }, /event: "x{60}…" contains/],
    [{ retry: -1 }, /retry: must be a whole number of milliseconds \(0 or more\), got -1/],
    [{ retry: 1.5 }, /got 1.5/],
    [{ retry: '5' }, /got string/],
    [{ data: () => {} }, /data: cannot be sent as JSON: got function/],
    [{ data: undefined, retry: Number.NaN }, /got NaN/],
  ]
  for (const [item, message] of refused) {
    t.throws(() => encodeItem(item, plainData), { code: 'FST_REPLYKIT_SSE_FIELD', message }, JSON.stringify(item))
  }
  t.throws(() => encodeItem({ data: 1n }, plainData), TypeError, 'what JSON cannot write is not a field error')
})

t.test('a schema serializes the data, compiled once per schema', async (t) => {
  const Post = Type.Object({ id: Type.Integer(), title: Type.String() })
  const serialize = schemaData(Post)
  t.equal(schemaData(Post), serialize, 'cached')
  t.equal(encodeItem({ data: { id: 1, title: 'T', secret: 's' } }, serialize), 'data: {"id":1,"title":"T"}\n\n')
  t.equal(encodeItem('a string', schemaData(Type.String())), 'data: "a string"\n\n', 'with a schema, strings are JSON too')
  // A format that skips escaping cannot break out of its data line either.
  const raw = schemaData({ type: 'object', properties: { html: { type: 'string', format: 'unsafe' } } })
  t.equal(encodeItem({ data: { html: 'a\nid: 1\n\nb' } }, raw), 'data: {"html":"a\ndata: id: 1\ndata: \ndata: b"}\n\n')
  t.throws(() => schemaData(null), { code: 'FST_REPLYKIT_BAD_OPTION', message: /schema: must be a JSON schema object/ })
  t.throws(() => schemaData({ type: 'object', properties: { a: { $ref: '#/nowhere' } } }), { code: 'FST_REPLYKIT_BAD_OPTION', message: /schema: does not compile/ })
})

t.test('options', async (t) => {
  const defaults = resolveSseOptions(undefined)
  t.match(defaults, { heartbeat: 15_000, writeTimeout: 30_000, prelude: ':\n\n', close: 'event: close\ndata: close\n\n' })
  t.equal(defaults.data, plainData)
  t.same(resolveSseOptions(null), defaults)
  const set = resolveSseOptions({ heartbeat: 0, retry: 0, writeTimeout: 1, close: false, schema: Type.Object({}) })
  t.match(set, { heartbeat: 0, writeTimeout: 1, prelude: 'retry: 0\n\n', close: '' })
  t.equal(resolveSseOptions({ close: { data: { bye: true }, comment: 'c' } }).close, ': c\ndata: {"bye":true}\n\n')
  const refused: Array<[unknown, string, RegExp]> = [
    ['x', 'FST_REPLYKIT_BAD_OPTION', /reply.sse options: must be an object/],
    [[], 'FST_REPLYKIT_BAD_OPTION', /reply.sse options: must be an object/],
    [{ heartbeat: -1 }, 'FST_REPLYKIT_BAD_OPTION', /reply.sse heartbeat: must be a whole number of milliseconds from 0 to 2147483647, got -1/],
    [{ heartbeat: 2 ** 31 }, 'FST_REPLYKIT_BAD_OPTION', /heartbeat/],
    [{ writeTimeout: 0 }, 'FST_REPLYKIT_BAD_OPTION', /writeTimeout: .* from 1 to/],
    [{ writeTimeout: '5s' }, 'FST_REPLYKIT_BAD_OPTION', /got "5s"/],
    [{ retry: 1.5 }, 'FST_REPLYKIT_BAD_OPTION', /reply.sse retry/],
    [{ interval: 5 }, 'FST_REPLYKIT_BAD_OPTION', /reply.sse interval: is not an option/],
    [{ close: null }, 'FST_REPLYKIT_BAD_OPTION', /reply.sse close: must be an event/],
    [{ close: 'bye' }, 'FST_REPLYKIT_BAD_OPTION', /reply.sse close: must be an event/],
    [{ close: ['bye'] }, 'FST_REPLYKIT_BAD_OPTION', /reply.sse close: must be an event/],
    [{ close: { event: 'a\rb' } }, 'FST_REPLYKIT_SSE_FIELD', /event: "a\\rb" contains CR, LF or NUL/],
    [{ schema: 'Post' }, 'FST_REPLYKIT_BAD_OPTION', /schema/],
  ]
  for (const [options, code, message] of refused) {
    t.throws(() => resolveSseOptions(options), { code, message }, JSON.stringify(options))
  }
})
