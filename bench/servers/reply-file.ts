// Bench server for reply.file: a 2 KiB and a 100 MiB file, written to a temp folder at start (and
// removed on close), sent by reply.file ('file') or by @fastify/static's reply.sendFile ('static').
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import { replyHelpers } from '../../plugins/reply-helpers.js'

export const SMALL = 2 * 1024
export const LARGE = 100 * 1024 * 1024

export default async function build (variant: string): Promise<FastifyInstance> {
  const root = mkdtempSync(join(tmpdir(), 'reply-file-bench-'))
  writeFileSync(join(root, 'small.bin'), Buffer.alloc(SMALL, 'a'))
  writeFileSync(join(root, 'large.bin'), Buffer.alloc(LARGE, 'b'))
  const app = Fastify({ logger: false })
  app.addHook('onClose', async () => { rmSync(root, { recursive: true, force: true }) })
  if (variant === 'file') {
    await app.register(replyHelpers, { root })
    app.get('/small', (_request, reply) => reply.file('small.bin'))
    app.get('/large', (_request, reply) => reply.file('large.bin'))
  } else {
    await app.register(fastifyStatic, { root, serve: false })
    app.get('/small', (_request, reply) => reply.sendFile('small.bin'))
    app.get('/large', (_request, reply) => reply.sendFile('large.bin'))
  }
  await app.ready()
  return app
}
