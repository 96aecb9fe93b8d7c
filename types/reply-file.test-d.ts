// Type tests for reply.file, reply.attachment and registerFileHelpers, checked by `npm run typecheck`
// (tsc --noEmit): the @ts-expect-error lines must stay errors.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import { replyHelpers } from '../plugins/reply-helpers.js'
import { registerFileHelpers } from '../plugins/reply-helpers/file.js'
import type { AttachmentOptions, FileOptions } from './options.js'

const app = Fastify()
app.register(replyHelpers, { root: '/srv/files' })

app.get('/file', async (_request, reply) => {
  const r1: FastifyReply = reply.file('report.csv')
  reply.file('report.csv', { filename: 'Résumé.csv', mediaType: 'text/csv', inline: false, root: '/srv/other' })
  reply.file('photo.png', { inline: true })
  // @ts-expect-error the path is a string
  reply.file(42)
  // @ts-expect-error filename is a string
  reply.file('a.txt', { filename: 1 })
  // @ts-expect-error inline is a boolean
  reply.file('a.txt', { inline: 'yes' })
  // @ts-expect-error no such option
  reply.file('a.txt', { maxAge: 10 })
  return r1
})

app.get('/attachment', async (_request, reply) => {
  const r1: FastifyReply = reply.attachment()
  reply.attachment('été.csv').attachment('x.pdf', { inline: true })
  // @ts-expect-error the filename is a string
  reply.attachment(1)
  // @ts-expect-error inline is a boolean
  reply.attachment('a.txt', { inline: 1 })
  return r1.send('x')
})

export const fileOptions: FileOptions = { filename: 'a', mediaType: 'b', inline: true, root: 'c' }
export const attachmentOptions: AttachmentOptions = { inline: false }

// registerFileHelpers(fastify, options): what the replyHelpers plugin calls.
export const register: (fastify: FastifyInstance, options: { root?: string }) => void = registerFileHelpers
// @ts-expect-error root is a string
registerFileHelpers(app, { root: 1 })
