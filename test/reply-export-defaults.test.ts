// reply.csv / reply.ndjson without a filename are still downloads (the route's last segment, or
// export.csv / export.ndjson), with nosniff and the download cache default, unless inline: true;
// reply.stream with a text media type gets charset=utf-8. Over real sockets; Content-Disposition
// read back with the content-disposition parser, Cache-Control judged with http-cache-semantics.
import { test } from 'tap'
import Fastify from 'fastify'
import { request } from 'undici'
import { parse as parseDisposition } from 'content-disposition'
import CachePolicy from 'http-cache-semantics'
import { parse as parseCsv } from 'csv-parse/sync'
import { cacheControl, replyHelpers } from '../plugins/index.js'
import { defaultDownloadName } from '../lib/download-name.js'
import { listen } from './helpers/server.js'

const rows = [{ id: 1, name: 'a' }]

test('default names from the route', async (t) => {
  t.equal(defaultDownloadName('/exports/posts', 'csv'), 'posts.csv')
  t.equal(defaultDownloadName('/posts.csv', 'csv'), 'posts.csv')
  t.equal(defaultDownloadName('/feed.NDJSON', 'ndjson'), 'feed.NDJSON')
  t.equal(defaultDownloadName('/posts/:id', 'csv'), 'export.csv')
  t.equal(defaultDownloadName('/files/*', 'ndjson'), 'export.ndjson')
  t.equal(defaultDownloadName('/', 'csv'), 'export.csv')
  t.equal(defaultDownloadName(undefined, 'csv'), 'export.csv')
  t.equal(defaultDownloadName('/users/', 'csv'), 'users.csv')
})

test('exports without a filename are downloads with nosniff and private, no-cache; inline: true is not', async (t) => {
  const app = Fastify()
  await app.register(replyHelpers, {})
  await app.register(cacheControl, {})
  app.get('/exports/users', async (_req, reply) => reply.csv(rows))
  app.get('/exports/:kind', async (_req, reply) => reply.ndjson(rows))
  app.get('/view.csv', async (_req, reply) => reply.csv(rows, { inline: true }))
  app.get('/named', async (_req, reply) => reply.csv(rows, { filename: 'mine.csv', inline: true }))
  app.get('/cached', { config: { cache: 'public' } }, async (_req, reply) => reply.csv(rows))
  app.get('/text', async (_req, reply) => reply.stream(['a,b\n'], { mediaType: 'text/csv' }))
  app.get('/binary', async (_req, reply) => reply.stream([new Uint8Array([1])], { mediaType: 'application/pdf' }))
  const url = await listen(t, app)

  const csv = await request(url + '/exports/users')
  t.same(parseCsv(await csv.body.text(), { columns: true }), [{ id: '1', name: 'a' }])
  t.match(parseDisposition(String(csv.headers['content-disposition'])), { type: 'attachment', parameters: { filename: 'users.csv' } })
  t.equal(csv.headers['x-content-type-options'], 'nosniff')
  t.equal(csv.headers['cache-control'], 'private, no-cache')
  const shared = new CachePolicy({ url: '/exports/users', method: 'GET', headers: {} }, { status: 200, headers: csv.headers as Record<string, string> }, { shared: true })
  t.equal(shared.storable(), false, 'no shared cache keeps one user\'s export')

  const ndjson = await request(url + '/exports/posts')
  await ndjson.body.text()
  t.match(parseDisposition(String(ndjson.headers['content-disposition'])), { type: 'attachment', parameters: { filename: 'export.ndjson' } })
  t.equal(ndjson.headers['x-content-type-options'], 'nosniff')

  const inline = await request(url + '/view.csv')
  await inline.body.text()
  t.equal(inline.headers['content-disposition'], undefined)
  t.equal(inline.headers['cache-control'], undefined)
  t.equal(inline.headers['x-content-type-options'], 'nosniff', 'nosniff even inline')
  t.equal(inline.headers['content-type'], 'text/csv; charset=utf-8')

  const named = await request(url + '/named')
  await named.body.text()
  t.match(parseDisposition(String(named.headers['content-disposition'])), { type: 'inline', parameters: { filename: 'mine.csv' } })

  const cached = await request(url + '/cached')
  await cached.body.text()
  t.equal(cached.headers['cache-control'], 'public, max-age=60', 'a route policy wins over the download default')

  const text = await request(url + '/text')
  t.equal(await text.body.text(), 'a,b\n')
  t.equal(text.headers['content-type'], 'text/csv; charset=utf-8')
  const binary = await request(url + '/binary')
  await binary.body.arrayBuffer()
  t.equal(binary.headers['content-type'], 'application/pdf')
})
