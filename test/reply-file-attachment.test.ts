// reply.attachment: Content-Disposition (read back with content-disposition's parse), nosniff and
// the Content-Type from the filename; and the route record that marks the route.
import { test } from 'tap'
import { parse } from 'content-disposition'
import { request } from 'undici'
import { listen } from './helpers/server.js'
import { fileApp } from './helpers/reply-file.js'
import { recordOfConfig } from '../plugins/suite/route-record.js'

test('attachment(filename) sets Content-Disposition, nosniff and the type', async (t) => {
  const app = await fileApp()
  app.get('/csv', (_request, reply) => reply.attachment('été 2024.csv').send('a,b\n'))
  app.get('/bare', (_request, reply) => reply.attachment().send('x'))
  app.get('/inline', (_request, reply) => reply.attachment('photo.png', { inline: true }).send(Buffer.from([1, 2])))
  app.get('/typed', (_request, reply) => reply.type('application/vnd.ms-excel').attachment('report.csv').send('x'))
  app.get('/unknown', (_request, reply) => reply.attachment('blob.unknownext').send(Buffer.from('x')))
  app.get('/hostile', (_request, reply) => reply.attachment('../..\\a"b\r\nSet-Cookie: s=1;.txt').send('x'))
  const base = await listen(t, app)
  const get = async (path: string) => {
    const res = await request(base + path)
    return { headers: res.headers, body: await res.body.text() }
  }

  let res = await get('/csv')
  t.same(parse(res.headers['content-disposition'] as string), { type: 'attachment', parameters: { filename: 'été 2024.csv' } })
  t.match(res.headers['content-disposition'], 'filename="ete 2024.csv"')
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.equal(res.body, 'a,b\n')

  res = await get('/bare')
  t.equal(res.headers['content-disposition'], 'attachment')
  t.equal(res.headers['x-content-type-options'], 'nosniff')

  res = await get('/inline')
  t.same(parse(res.headers['content-disposition'] as string), { type: 'inline', parameters: { filename: 'photo.png' } })
  t.equal(res.headers['content-type'], 'image/png')

  res = await get('/typed')
  t.equal(res.headers['content-type'], 'application/vnd.ms-excel', 'a type already set is kept')

  res = await get('/unknown')
  t.equal(res.headers['content-type'], 'application/octet-stream')

  res = await get('/hostile')
  t.equal(res.headers['set-cookie'], undefined, 'no header smuggled')
  t.same(parse(res.headers['content-disposition'] as string).parameters, { filename: '.._.._a"bSet-Cookie: s=1;.txt' })
})

test('attachment with a non-string filename throws FST_REPLYKIT_BAD_OPTION', async (t) => {
  const app = await fileApp()
  app.get('/', (_request, reply) => reply.attachment(42 as unknown as string).send('x'))
  const res = await app.inject('/')
  t.equal(res.statusCode, 500)
  t.equal(res.json().code, 'FST_REPLYKIT_BAD_OPTION')
  t.equal(res.headers['content-disposition'], undefined)
})

test('the route record says the route answered through reply.attachment', async (t) => {
  const app = await fileApp()
  let seen: string | undefined
  app.get('/a', { onResponse: async (request) => { seen = recordOfConfig(request.routeOptions.config)?.helper } },
    (_request, reply) => reply.attachment('a.txt').send('x'))
  await app.inject('/a')
  t.equal(seen, 'attachment')
})

test('routes the suite never saw (no record) still work', async (t) => {
  const app = await fileApp()
  // A route added before the plugin registers gets no record from its onRoute hook.
  const Fastify = (await import('fastify')).default
  const bare = Fastify()
  bare.get('/early', (_request, reply) => reply.attachment('a.txt').send('x'))
  await bare.register((await import('../plugins/reply-helpers.js')).replyHelpers)
  const res = await bare.inject('/early')
  t.equal(res.headers['content-disposition'], 'attachment; filename="a.txt"')
  await app.close()
  await bare.close()
})
