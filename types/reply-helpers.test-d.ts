// Type tests for replyHelpers (streams, CSV, NDJSON, redirects, HTML, text), checked by
// `npm run typecheck`: the @ts-expect-error lines must stay errors.
import Fastify, { type FastifyReply } from 'fastify'
import { Readable } from 'node:stream'
import { Type } from '@sinclair/typebox'
import replyHelpersDefault, { replyHelpers } from '../plugins/reply-helpers.js'

const app = Fastify()
app.register(replyHelpers, {
  root: '/srv/files',
  redirects: { allowedOrigins: ['https://app.example.com'], fallback: '/' },
  csv: { bom: true, formulaEscape: false },
})
app.register(replyHelpersDefault)
// @ts-expect-error allowedOrigins is a list
app.register(replyHelpers, { redirects: { allowedOrigins: 'https://app.example.com' } })
// @ts-expect-error csv.bom is a boolean
app.register(replyHelpers, { csv: { bom: 'yes' } })

const User = Type.Object({ id: Type.Number(), name: Type.String() })

app.get('/', async (_request, reply) => {
  const chained: FastifyReply = reply.stream((async function * () { yield 'a'; yield new Uint8Array(1) })(), { mediaType: 'text/plain', filename: 'a.txt' })
  reply.stream(['a', 'b'])
  reply.stream(Readable.from(['a']))
  reply.stream(new ReadableStream())
  reply.stream(async function * (signal: AbortSignal) { if (!signal.aborted) yield 'a' })
  // @ts-expect-error a number is not a stream source
  reply.stream(42)
  // @ts-expect-error mediaType is a string
  reply.stream(['a'], { mediaType: 1 })

  reply.csv([{ id: 1, name: 'a' }], { schema: User, filename: 'users.csv', header: true, bom: false, formulaEscape: true, delimiter: ';' })
  reply.csv([[1, 'a']], { columns: ['id', { key: 'name', header: 'Name' }] })
  reply.csv(async function * (signal) { if (!signal.aborted) yield { id: 1 } })
  // @ts-expect-error a CSV schema is an object schema
  reply.csv([], { schema: Type.String() })
  // @ts-expect-error a column is a name or { key, header }
  reply.csv([], { columns: [{ key: 'id' }] })
  // @ts-expect-error rows are objects or arrays
  reply.csv(['a string row'])

  reply.ndjson([{ id: 1 }], { schema: User, filename: 'users.ndjson' })
  // @ts-expect-error filename is a string
  reply.ndjson([], { filename: true })

  reply.safeRedirect('/home')
  reply.safeRedirect('/home', 303)
  // @ts-expect-error only redirect statuses
  reply.safeRedirect('/home', 200)
  reply.html('<p>hi</p>', 404).text('x')
  // @ts-expect-error html takes a string
  reply.html({ markup: '<p>' })
  return chained
})
