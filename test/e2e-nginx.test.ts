// End to end behind a real shared cache: nginx (proxy_cache) in front of the blog. Public routes
// are served from the cache the second time; nothing with a cookie, a private or no-store policy,
// an error or a profile ever is, so one user never receives another's Set-Cookie or profile.
// Runs when nginx is installed, and always with CI=true (where a missing nginx fails it).
import t from 'tap'
import { createServer } from 'node:http'
import { once } from 'node:events'
import { parseSetCookie } from 'set-cookie-parser'
import { SEED_EMAIL, SEED_PASSWORD } from '../examples/blog/db.js'
import { call, postJson, setCookieHeaders, startBlog, type Answer } from './helpers/blog.js'
import { findBinary, skipUnless, startNginx } from './helpers/e2e.js'

const nginx = findBinary(['nginx'])

t.test('nginx as a shared cache in front of the blog', { skip: skipUnless(nginx, 'nginx', 'nginx') }, async (t) => {
  if (nginx === undefined) throw new Error('nginx is required with CI=true: .ci/run installs it with apt-get')
  const { base: upstream, app, db } = await startBlog(t)
  let originRequests = 0
  app.server.on('request', () => { originRequests++ })

  // The control: a plain upstream that makes the mistake the suite prevents (public + Set-Cookie,
  // a fresh cookie per request). Through the same nginx it IS shared: proof the checks can fail.
  let issued = 0
  const control = createServer((_request, response) => {
    issued++
    response.writeHead(200, { 'cache-control': 'public, max-age=60', 'set-cookie': `session=user-${issued}; Path=/; HttpOnly`, 'content-type': 'text/plain' })
    response.end(`you are user ${issued}`)
  })
  control.listen(0, '127.0.0.1')
  await once(control, 'listening')
  t.teardown(() => { control.close() })
  const controlUrl = `http://127.0.0.1:${(control.address() as { port: number }).port}`

  const proxy = await startNginx(t, nginx, { '/': upstream, '/control/': controlUrl })
  const base = proxy.base
  const counted = async (path: string, options: Parameters<typeof call>[1] = {}): Promise<Answer & { origin: number }> => {
    const before = originRequests
    const answer = await call(`${base}${path}`, options)
    return { ...answer, origin: originRequests - before }
  }

  t.test('the control: without the suite, nginx hands the first user\'s cookie to the second', async (t) => {
    const first = await call(`${base}/control/`)
    const second = await call(`${base}/control/`)
    t.equal(second.headers['x-cache-status'], 'HIT')
    t.same(setCookieHeaders(second.headers), setCookieHeaders(first.headers), 'the same session cookie, served from the cache')
    t.equal(issued, 1)
  })

  t.test('public routes are a HIT on the second request', async (t) => {
    for (const path of ['/posts', '/posts?after=10&limit=5', '/posts/latest', '/posts/7/or-latest', '/exports/posts.csv']) {
      const first = await counted(path)
      t.equal(first.status, 200, path)
      t.equal(first.headers['x-cache-status'], 'MISS', `${path}: first from the service`)
      t.equal(first.origin, 1)
      t.match(first.headers['cache-control'], /^public, max-age=60/, path)
      t.same(setCookieHeaders(first.headers), [], `${path}: no cookie`)
      const second = await counted(path)
      t.equal(second.headers['x-cache-status'], 'HIT', `${path}: second from the cache`)
      t.equal(second.origin, 0, `${path}: the service was not asked`)
      t.equal(second.body, first.body)
    }
  })

  t.test('cookies, private, no-store, errors and /profile are never a HIT', async (t) => {
    const never: Array<[string, number, RegExp]> = [
      ['/posts/3', 200, /^private, max-age=60/], // public policy, but it sets last_viewed_post
      ['/users/1', 200, /^private, no-store$/],
      ['/health', 200, /^no-store$/],
      ['/exports/large-posts.csv', 200, /^no-store$/],
      ['/exports/posts.ndjson', 200, /^no-store$/],
      ['/profile', 401, /^no-store$/],
      ['/posts/abc', 400, /^no-store$/],
      ['/posts/9999', 404, /^no-store$/],
      ['/go?next=https%3A%2F%2Fevil.example%2F', 400, /^no-store$/],
    ]
    for (const [path, status, cacheControl] of never) {
      for (let i = 0; i < 3; i++) {
        const answer = await counted(path)
        t.equal(answer.status, status, path)
        t.match(answer.headers['cache-control'], cacheControl, path)
        t.not(answer.headers['x-cache-status'], 'HIT', `${path}: request ${i + 1} not from the cache`)
        t.equal(answer.origin, 1, `${path}: request ${i + 1} reached the service`)
      }
    }
  })

  t.test('a second user never receives the first user\'s Set-Cookie or profile', async (t) => {
    db.addUser('grace@example.com', 'Grace Hopper', 'cobol rules')
    const sessionOf = async (email: string, password: string): Promise<string> => {
      const login = await postJson(`${base}/login`, { email, password })
      t.equal(login.status, 200, `${email} logs in through the proxy`)
      t.not(login.headers['x-cache-status'], 'HIT')
      const [cookie] = parseSetCookie(setCookieHeaders(login.headers))
      t.equal(cookie.name, '__Host-session_id')
      return `${cookie.name}=${cookie.value}`
    }
    const ada = await sessionOf(SEED_EMAIL, SEED_PASSWORD)
    const grace = await sessionOf('grace@example.com', 'cobol rules')
    t.not(ada, grace)

    // Profiles: each user gets their own, every time from the service; nobody else gets one.
    for (let i = 0; i < 2; i++) {
      for (const [cookie, email] of [[ada, SEED_EMAIL], [grace, 'grace@example.com']]) {
        const profile = await counted('/profile', { headers: { cookie } })
        t.equal(profile.status, 200)
        t.equal(JSON.parse(profile.body).email, email, `${email} sees their own profile`)
        t.not(profile.headers['x-cache-status'], 'HIT')
        t.equal(profile.origin, 1)
      }
      const anonymous = await counted('/profile')
      t.equal(anonymous.status, 401, 'no cookie, no profile, even right after others fetched theirs')
      t.notMatch(anonymous.body, /example\.com/)
    }

    // A cookie-setting page: the second visitor's Set-Cookie is made for them by the service.
    const first = await counted('/posts/5', { headers: { cookie: ada } })
    t.equal(first.origin, 1)
    const second = await counted('/posts/5')
    t.equal(second.origin, 1, 'the second visitor\'s response came from the service')
    t.not(second.headers['x-cache-status'], 'HIT')
    for (const line of setCookieHeaders(second.headers)) t.notMatch(line, /session_id/, 'never anyone\'s session')
    t.same(parseSetCookie(setCookieHeaders(second.headers)).map((c) => c.name), ['last_viewed_post'])
  })

  t.test('nginx logged no errors', async (t) => {
    t.notMatch(await proxy.errorLog(), /\[(error|crit|alert|emerg)\]/)
  })
})
