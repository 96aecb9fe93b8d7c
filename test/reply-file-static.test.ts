// The suite registers beside @fastify/static, which decorates reply.sendFile and reply.download.
import { test } from 'tap'
import fastifyStatic from '@fastify/static'
import { parse } from 'content-disposition'
import { request } from 'undici'
import { listen } from './helpers/server.js'
import { fileApp, fileTree } from './helpers/reply-file.js'

test('replyHelpers and @fastify/static in one app: it starts and all three helpers answer', async (t) => {
  const { root, hello } = await fileTree(t)
  const app = await fileApp({ root })
  await app.register(fastifyStatic, { root, serve: false })
  app.get('/ours', (_request, reply) => reply.file('hello.txt'))
  app.get('/send-file', (_request, reply) => reply.sendFile('hello.txt'))
  app.get('/download', (_request, reply) => reply.download('hello.txt', 'static.txt'))
  const base = await listen(t, app)

  const ours = await request(`${base}/ours`)
  t.equal(await ours.body.text(), hello)
  t.equal(ours.headers['cache-control'], 'private, no-cache')
  t.equal(parse(ours.headers['content-disposition'] as string).parameters.filename, 'hello.txt')

  const sent = await request(`${base}/send-file`)
  t.equal(await sent.body.text(), hello)
  t.equal(sent.headers['content-disposition'], undefined)

  const downloaded = await request(`${base}/download`)
  t.equal(await downloaded.body.text(), hello)
  t.equal(parse(downloaded.headers['content-disposition'] as string).parameters.filename, 'static.txt')
})

test('registered in the other order too', async (t) => {
  const { root, hello } = await fileTree(t)
  const Fastify = (await import('fastify')).default
  const { replyHelpers } = await import('../plugins/reply-helpers.js')
  const app = Fastify()
  await app.register(fastifyStatic, { root, serve: false })
  await app.register(replyHelpers, { root })
  app.get('/ours', (_request, reply) => reply.file('hello.txt'))
  const base = await listen(t, app)
  const res = await request(`${base}/ours`)
  t.equal(await res.body.text(), hello)
})
