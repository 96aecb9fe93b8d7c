// @fastify/static beside the suite, registered before and after it, over a real socket: its files,
// its reply.sendFile and our reply.file live side by side; with a cacheControl `default` policy (and
// static's own Cache-Control off) its files get our policy, and its 404s the errors policy.
import { test } from 'tap'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import { request } from 'undici'
import CachePolicy from 'http-cache-semantics'
import { listen } from './helpers/server.js'
import { tempDir } from './helpers/temp.js'
import { appWith, ORDERS, type RegisterPeer } from './helpers/compat.js'

async function siteTree (t: Parameters<typeof tempDir>[0]): Promise<{ publicDir: string, files: string }> {
  const base = await tempDir(t, 'compat-static-')
  const publicDir = join(base, 'public')
  const files = join(base, 'files')
  await mkdir(publicDir)
  await mkdir(files)
  await writeFile(join(publicDir, 'app.css'), 'body { color: red }\n')
  await writeFile(join(publicDir, 'index.html'), '<h1>home</h1>\n')
  await writeFile(join(files, 'report.csv'), 'a,b\n1,2\n')
  return { publicDir, files }
}

for (const order of ORDERS) {
  test(`@fastify/static registered ${order} the suite: its files, reply.sendFile and reply.file side by side`, async (t) => {
    const { publicDir, files } = await siteTree(t)
    const peer: RegisterPeer = async (app) => { await app.register(fastifyStatic, { root: publicDir, prefix: '/static/' }) }
    const app = await appWith(order, peer, { guard: { mode: 'warn' }, helpers: { root: files } })
    app.get('/report', { config: { guard: false } }, (_req, reply) => reply.file('report.csv'))
    app.get('/home', { config: { guard: false } }, (_req, reply) => reply.sendFile('index.html'))
    const url = await listen(t, app)

    const css = await request(url + '/static/app.css')
    t.equal(css.statusCode, 200)
    t.equal(await css.body.text(), 'body { color: red }\n')
    t.match(css.headers['content-type'], /^text\/css/)
    t.equal(css.headers['cache-control'], 'public, max-age=0', 'without a policy of ours, static keeps its own header')

    const home = await request(url + '/home')
    t.equal(home.statusCode, 200)
    t.equal(await home.body.text(), '<h1>home</h1>\n', 'static\'s reply.sendFile still works')

    const report = await request(url + '/report')
    t.equal(report.statusCode, 200)
    t.equal(await report.body.text(), 'a,b\n1,2\n', 'our reply.file works beside it')
    t.match(report.headers['content-disposition'], /^attachment; filename="report.csv"/)
    t.equal(report.headers['cache-control'], 'private, no-cache', 'a reply.file download is never shared-cacheable by default')

    const range = await request(url + '/static/app.css', { headers: { range: 'bytes=0-3' } })
    t.equal(range.statusCode, 206)
    t.equal(await range.body.text(), 'body')
  })

  test(`@fastify/static registered ${order} the suite: our default policy for its files, errors policy for its 404`, async (t) => {
    const { publicDir } = await siteTree(t)
    const peer: RegisterPeer = async (app) => {
      await app.register(fastifyStatic, { root: publicDir, prefix: '/static/', cacheControl: false })
    }
    const app = await appWith(order, peer, { guard: { mode: 'warn' }, cache: { default: { preset: 'public', maxAge: '1h' } } })
    const url = await listen(t, app)

    const css = await request(url + '/static/app.css')
    t.equal(css.statusCode, 200)
    t.equal(await css.body.text(), 'body { color: red }\n')
    // Registered before the suite, static's routes are added before our onRoute hook exists
    // (issue 11: the order of registration must not change any answer).
    t.equal(css.headers['cache-control'], 'public, max-age=3600', `the app's default policy applies to static files (got ${String(css.headers['cache-control'])})`)
    const shared = new CachePolicy({ url: '/static/app.css', method: 'GET', headers: {} },
      { status: 200, headers: css.headers as Record<string, string> }, { shared: true })
    const ttl = shared.timeToLive()
    t.ok(shared.storable() && ttl > 3590 * 1000 && ttl <= 3600 * 1000, `a shared cache keeps it for an hour (time to live ${ttl} ms)`)

    const missing = await request(url + '/static/nope.css')
    const missingBody = await missing.body.text()
    t.equal(missing.statusCode, 404)
    t.equal(missing.headers['cache-control'], 'no-store', `static's 404 gets the errors policy (got ${String(missing.headers['cache-control'])}; ${missingBody.slice(0, 80)})`)
  })
}
