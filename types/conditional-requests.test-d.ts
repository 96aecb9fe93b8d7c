// Type tests for conditional requests (cacheControl's `validate`, reply.fresh) and reply.file of a
// Buffer, Uint8Array or stream, checked by `npm run typecheck`: @ts-expect-error lines must stay errors.
import { Readable } from 'node:stream'
import Fastify, { type FastifyRequest } from 'fastify'
import { cacheControl } from '../plugins/cache-control.js'
import { replyHelpers } from '../plugins/reply-helpers.js'
import type { FileOptions, ReplyHelpersOptions, ValidateFunction, Validators } from './options.js'

const app = Fastify()
app.register(cacheControl)
app.register(replyHelpers, { etag: 'content' })

app.get('/posts/:id', {
  config: { cache: { preset: 'revalidate', validate: async (request) => ({ etag: '"v42"', lastModified: new Date(request.id.length) }) } },
}, async () => 'x')
app.get('/sync', { config: { cache: { validate: () => null } } }, async () => 'x')
app.get('/dates', { config: { cache: { validate: () => ({ lastModified: 1_700_000_000_000 }) } } }, async () => 'x')
app.get('/iso', { config: { cache: { validate: () => ({ lastModified: '2024-01-01T00:00:00Z' }) } } }, async () => 'x')
// @ts-expect-error etag is a string
app.get('/bad', { config: { cache: { validate: () => ({ etag: 42 }) } } }, async () => 'x')
// @ts-expect-error validate is a function
app.get('/bad2', { config: { cache: { validate: '"v1"' } } }, async () => 'x')

app.put('/posts/:id', async (_request, reply) => {
  const sent: boolean = reply.fresh({ etag: '"v42"' })
  if (sent) return reply
  reply.fresh({ lastModified: new Date() })
  // @ts-expect-error validators are an object
  reply.fresh('"v42"')
  return 'saved'
})

app.get('/files', async (_request, reply) => {
  reply.file(Buffer.from('x'), { filename: 'a.pdf', lastModified: new Date() })
  reply.file(new Uint8Array(3), { filename: 'a.bin', etag: 'content' })
  reply.file(Readable.from(['x']), { filename: 'a.txt', size: 1, lastModified: new Date(), etag: 'size-mtime' })
  reply.file(new ReadableStream(), { size: 10 })
  // @ts-expect-error size is a number
  reply.file(Buffer.from('x'), { size: '1' })
  // @ts-expect-error etag is 'size-mtime' or 'content'
  reply.file('a.txt', { etag: 'weak' })
  return reply
})

export const validators: Validators = { etag: 'W/"x"', lastModified: 0 }
export const validate: ValidateFunction = async (request: FastifyRequest) => request.url === '/' ? null : validators
export const fileOptions: FileOptions = { size: 1, lastModified: new Date(), etag: 'content' }
export const helpersOptions: ReplyHelpersOptions = { etag: 'size-mtime' }
// @ts-expect-error etag is 'size-mtime' or 'content'
export const badHelpers: ReplyHelpersOptions = { etag: true }
