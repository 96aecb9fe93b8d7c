// Server-Sent Events on the wire (WHATWG HTML, "Server-sent events", the event stream format).
// A parser treats CR, LF and CRLF alike as line ends and a blank line as the end of an event, so
// a line break inside a value would start a field or an event of its own: `id` and `event` with
// CR, LF or NUL are refused; data and comments are split on every kind of line end, each line
// getting its own `data:` or `:` prefix. U+2028 and U+2029 are not line ends there: kept as they are.
import { ReplyKitSseFieldError } from './errors.js'

/** Turns an event's `data` into its text (one or more lines). */
export type DataText = (data: unknown) => string

const LINE_END = /\r\n|\r|\n/
// eslint-disable-next-line no-control-regex
const FIELD_BREAK = /[\r\n\u0000]/
const KNOWN_FIELDS = new Set(['data', 'event', 'id', 'retry', 'comment'])

/** A comment line that keeps proxies and clients from timing an idle stream out. */
export const HEARTBEAT = ': heartbeat\n\n'

const hasLineEnd = (text: string): boolean => text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1

/** `text` as `data:` lines, one per line of it. */
export function dataLines (text: string): string {
  if (!hasLineEnd(text)) return 'data: ' + text + '\n'
  return text.split(LINE_END).map(line => 'data: ' + line + '\n').join('')
}

/** `text` as comment lines: each line of it starts with a colon, so none of them is a field. */
export function commentLines (text: string): string {
  if (!hasLineEnd(text)) return ': ' + text + '\n'
  return text.split(LINE_END).map(line => ': ' + line + '\n').join('')
}

/** Data as the peers send it: a string as it is, anything else as JSON. */
export function plainData (data: unknown): string {
  if (typeof data === 'string') return data
  const json = JSON.stringify(data) as string | undefined
  if (json === undefined) throw new ReplyKitSseFieldError('data', `cannot be sent as JSON: got ${typeof data}`)
  return json
}

function describe (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}

function shown (text: string): string {
  return JSON.stringify(text.length > 60 ? text.slice(0, 60) + '…' : text)
}

/** An `id` or `event` value: a string with no CR, LF or NUL. */
function fieldValue (name: string, value: unknown): string {
  if (typeof value !== 'string') throw new ReplyKitSseFieldError(name, `must be a string, got ${describe(value)}`)
  if (FIELD_BREAK.test(value)) {
    throw new ReplyKitSseFieldError(name, `${shown(value)} contains CR, LF or NUL, which would start another field or event: remove them`)
  }
  return value
}

/** A `retry` value: a whole number of milliseconds, 0 included. */
function retryValue (name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ReplyKitSseFieldError(name, `must be a whole number of milliseconds (0 or more), got ${typeof value === 'number' ? String(value) : describe(value)}`)
  }
  return value
}

/**
 * One item of a source on the wire: a string is one event's data; an object is an event
 * `{ data?, event?, id?, retry?, comment? }`. Throws FST_REPLYKIT_SSE_FIELD for anything else.
 */
export function encodeItem (item: unknown, text: DataText): string {
  if (typeof item === 'string') return dataLines(text(item)) + '\n'
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new ReplyKitSseFieldError('item', `must be a string (the data) or an event { data, event, id, retry, comment }, got ${describe(item)}`)
  }
  const event = item as Record<string, unknown>
  for (const key in event) {
    if (!KNOWN_FIELDS.has(key)) {
      throw new ReplyKitSseFieldError(`field ${JSON.stringify(key)}`, 'is not one of data, event, id, retry, comment: put the payload in `data`')
    }
  }
  let out = ''
  if (event.comment !== undefined) {
    if (typeof event.comment !== 'string') throw new ReplyKitSseFieldError('comment', `must be a string, got ${describe(event.comment)}`)
    out += commentLines(event.comment)
  }
  if (event.event !== undefined) out += 'event: ' + fieldValue('event', event.event) + '\n'
  if (event.id !== undefined) out += 'id: ' + fieldValue('id', event.id) + '\n'
  if (event.retry !== undefined) out += 'retry: ' + String(retryValue('retry', event.retry)) + '\n'
  if (event.data !== undefined) out += dataLines(text(event.data))
  return out + '\n'
}
