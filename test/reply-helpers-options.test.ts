// replyHelpers registration: options checked at registration (app.ready() rejects naming the
// option), and reply.html / reply.text.
import { test } from 'tap'
import Fastify from 'fastify'
import { replyHelpers } from '../plugins/reply-helpers.js'
import replyHelpersDefault from '../plugins/reply-helpers.js'
import { recordOfConfig } from '../plugins/suite/route-record.js'

test('bad options fail app.ready() with FST_REPLYKIT_BAD_OPTION naming the option', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{ root: '' }, /root/],
    [{ root: 42 }, /root/],
    [{ root: 'a\0b' }, /root/],
    [{ csv: 'x' }, /csv/],
    [{ csv: null }, /csv/],
    [{ csv: { bom: 'yes' } }, /csv\.bom/],
    [{ csv: { formulaEscape: 1 } }, /csv\.formulaEscape/],
    [{ etag: 'strong' }, /etag.*'size-mtime' or 'content'/],
    [{ etag: true }, /etag/],
    [{ redirects: 'x' }, /redirects/],
    [{ redirects: null }, /redirects/],
    [{ redirects: { allowedOrigins: 'https://a.com' } }, /redirects\.allowedOrigins/],
    ...['allowed.com', 'ftp://a.com', 'https://a.com/path', 'https://u@a.com', 'https://u:p@a.com', 'https://a.com?q', 'https://a.com#h',
      42, null, 'https://a.com\n', 'javascript:alert(1)', 'https://'].map(origin =>
      [{ redirects: { allowedOrigins: [origin] } }, /redirects\.allowedOrigins/] as [unknown, RegExp]),
    ...['//evil.com', 'https://evil.com/', 'javascript:alert(1)', '/%2F%2Fevil.com', 42, ''].map(fallback =>
      [{ redirects: { allowedOrigins: ['https://a.com'], fallback } }, /redirects\.fallback/] as [unknown, RegExp]),
  ]
  for (const [options, name] of cases) {
    const app = Fastify()
    app.register(replyHelpers, options as never)
    await t.rejects(async () => { await app.ready() }, { code: 'FST_REPLYKIT_BAD_OPTION', message: name }, JSON.stringify(options))
  }
})

test('no options at all resolve to the defaults', async (t) => {
  const { resolveHelpersOptions } = await import('../lib/helpers-options.js')
  t.same(resolveHelpersOptions(undefined), {
    root: undefined, redirects: { allowedOrigins: new Set(), fallback: undefined }, csv: { bom: false, formulaEscape: true }, etag: 'size-mtime',
  })
})

test('good options register; the plugin is named and is the default export', async (t) => {
  const app = Fastify()
  await app.register(replyHelpers, { redirects: { allowedOrigins: ['https://a.com', 'http://127.0.0.1:3000/'], fallback: '/' }, csv: { bom: false, formulaEscape: true } })
  await app.ready()
  t.equal(replyHelpersDefault, replyHelpers)
  t.equal((replyHelpers as unknown as Record<symbol, unknown>)[Symbol.for('fastify.display-name')], 'fastify-reply-kit/replyHelpers')
  for (const name of ['stream', 'csv', 'ndjson', 'safeRedirect', 'html', 'text', 'file', 'attachment']) {
    t.ok(app.hasReplyDecorator(name), name)
  }
})

test('reply.html and reply.text set the content type with charset and an optional status', async (t) => {
  const app = Fastify()
  await app.register(replyHelpers)
  const helpers: Array<string | undefined> = []
  app.get('/html', async (req, reply) => {
    reply.html('<p>héllo</p>')
    helpers.push(recordOfConfig(req.routeOptions.config)?.helper)
    return reply
  })
  app.get('/html-404', (_req, reply) => reply.html('<h1>Not here</h1>', 404))
  app.get('/text', async (req, reply) => {
    reply.text('plain ✓', 201)
    helpers.push(recordOfConfig(req.routeOptions.config)?.helper)
    return reply
  })
  app.get('/text-object', (_req, reply) => reply.text({ a: 1 } as never))
  app.get('/html-null', (_req, reply) => reply.html(null as never))
  app.get('/text-status', (_req, reply) => reply.text('x', 99))
  app.get('/html-status', (_req, reply) => reply.html('x', 200.5))

  const html = await app.inject('/html')
  t.equal(html.statusCode, 200)
  t.equal(html.headers['content-type'], 'text/html; charset=utf-8')
  t.equal(html.body, '<p>héllo</p>')
  const notFound = await app.inject('/html-404')
  t.equal(notFound.statusCode, 404)
  t.equal(notFound.body, '<h1>Not here</h1>')
  const text = await app.inject('/text')
  t.equal(text.statusCode, 201)
  t.equal(text.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(text.body, 'plain ✓')
  t.same(helpers, ['html', 'text'])
  for (const path of ['/text-object', '/html-null', '/text-status', '/html-status']) {
    const res = await app.inject(path)
    t.equal(res.statusCode, 500, path)
    t.equal(res.json().code, 'FST_REPLYKIT_BAD_OPTION', path)
  }
})
