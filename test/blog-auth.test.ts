// The blog's users, sessions and redirects over a real socket: the guard filters password_hash
// whatever the handler does; the session cookie obeys its prefix (checked with tough-cookie) and
// carries the session sealed (no server-side lookup); logout clears both cookies so a browser's jar
// really drops them; /go refuses to leave the site.
import t from 'tap'
import { randomBytes } from 'node:crypto'
import { CookieJar } from 'tough-cookie'
import { parseSetCookie } from 'set-cookie-parser'
import { SEED_EMAIL, SEED_PASSWORD } from '../examples/blog/db.js'
import { sessionKeys } from '../examples/blog/session.js'
import { call, errorBody, postJson, setCookieHeaders, startBlog } from './helpers/blog.js'

const USER_KEYS = ['created_at', 'email', 'id', 'name']
// The cookies' attributes include Secure: the jar behaves as the browser of an https site would.
const SITE = 'https://blog.example/'

t.test('GET /users/:id never sends password_hash, whatever the handler tries', async (t) => {
  const { base } = await startBlog(t)
  for (const [via, status] of [['object', 200], ['string', 200], ['status', 203]] as const) {
    const answer = await call(`${base}/users/1?via=${via}`)
    t.equal(answer.status, status, `via ${via}`)
    t.match(answer.headers['content-type'], /^application\/json/)
    const user = JSON.parse(answer.body)
    t.same(Object.keys(user).sort(), USER_KEYS, `via ${via}: only the schema's properties`)
    t.equal(user.email, SEED_EMAIL)
    t.notMatch(answer.body, /password|scrypt/, `via ${via}: no hash in the bytes`)
    t.equal(answer.headers['cache-control'], 'private, no-store')
  }
  const missing = await call(`${base}/users/42`)
  t.equal(missing.status, 404)
  t.equal(errorBody(missing).code, 'BLOG_NOT_FOUND')
  t.equal((await call(`${base}/users/me`)).status, 400)
})

t.test('POST /login sets __Host-session_id; GET /profile needs it; POST /logout clears both cookies', async (t) => {
  const { base } = await startBlog(t)
  const jar = new CookieJar(undefined, { prefixSecurity: 'strict' })
  const remember = async (lines: string[]): Promise<void> => {
    for (const line of lines) await jar.setCookie(line, SITE, { ignoreError: false })
  }

  const anonymous = await call(`${base}/profile`)
  t.equal(anonymous.status, 401)
  t.equal(errorBody(anonymous).code, 'BLOG_UNAUTHORIZED')
  t.equal(anonymous.headers['cache-control'], 'no-store')
  const forged = await call(`${base}/profile`, { headers: { cookie: '__Host-session_id=forged' } })
  t.equal(forged.status, 401, 'an unknown token is refused')
  const plain = await call(`${base}/profile`, { headers: { cookie: '__Host-session_id={"uid":1,"iat":1}' } })
  t.equal(plain.status, 401, 'an unsealed session is refused')

  const login = await postJson(`${base}/login`, { email: SEED_EMAIL, password: SEED_PASSWORD })
  t.equal(login.status, 200)
  t.same(Object.keys(JSON.parse(login.body).user).sort(), USER_KEYS)
  t.notMatch(login.body, /password|scrypt/)
  t.equal(login.headers['cache-control'], 'no-store')
  const [session, ...others] = parseSetCookie(setCookieHeaders(login.headers))
  t.same(others, [])
  t.match(session, { name: '__Host-session_id', path: '/', httpOnly: true, secure: true, sameSite: 'Strict', maxAge: 8 * 3600 })
  t.equal(session.domain, undefined, '__Host- cookies carry no Domain')
  t.match(session.value, /^dev2\.[0-9a-z]+\.[\w-]+$/, 'sealed with the first key of the ring (two fresh keys without BLOG_SESSION_KEYS)')
  t.notMatch(session.value, /uid/, 'the session is not readable in the cookie')
  const tampered = session.value.slice(0, -2) + (session.value.endsWith('AA') ? 'BB' : 'AA')
  t.equal((await call(`${base}/profile`, { headers: { cookie: `__Host-session_id=${tampered}` } })).status, 401, 'a tampered session is refused')
  t.equal((await call(`${base}/profile`, { headers: { cookie: `last_viewed_post=${session.value}` } })).status, 401, 'not a session under another name')
  // tough-cookie with strict prefix security refuses a __Host- cookie that breaks the prefix rules.
  await remember(setCookieHeaders(login.headers))

  const viewed = await call(`${base}/posts/4`)
  await remember(setCookieHeaders(viewed.headers))
  t.same((await jar.getCookies(SITE)).map((c) => c.key).sort(), ['__Host-session_id', 'last_viewed_post'])

  const cookieHeader = await jar.getCookieString(SITE)
  const profile = await call(`${base}/profile`, { headers: { cookie: cookieHeader } })
  t.equal(profile.status, 200)
  t.same(Object.keys(JSON.parse(profile.body)).sort(), USER_KEYS)
  t.equal(JSON.parse(profile.body).email, SEED_EMAIL)
  t.equal(profile.headers['cache-control'], 'private, no-store')
  t.same(setCookieHeaders(profile.headers), [])

  const logout = await call(`${base}/logout`, { method: 'POST', headers: { cookie: cookieHeader } })
  t.equal(logout.status, 204)
  t.equal(logout.body, '')
  t.equal(logout.headers['cache-control'], 'no-store')
  t.equal(logout.headers['clear-site-data'], '"cookies"')
  const cleared = parseSetCookie(setCookieHeaders(logout.headers))
  t.same(cleared.map((c) => c.name).sort(), ['__Host-session_id', 'last_viewed_post'])
  for (const cookie of cleared) {
    t.equal(cookie.value, '', `${cookie.name}: emptied`)
    t.ok(cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now()), `${cookie.name}: expired`)
    t.match(cookie, { path: '/', secure: true, httpOnly: true }, `${cookie.name}: the declared attributes`)
  }
  t.equal(cleared.find((c) => c.name === '__Host-session_id')?.sameSite, 'Strict')
  await remember(setCookieHeaders(logout.headers))
  t.same(await jar.getCookies(SITE), [], 'the jar really dropped both cookies')

  // Stateless sessions: a copy kept past logout works until its sealed 8-hour expiry (docs/cookies.md).
  const realNow = Date.now
  t.teardown(() => { Date.now = realNow })
  const start = realNow()
  Date.now = () => start + 8 * 3600 * 1000 + 1000
  const after = await call(`${base}/profile`, { headers: { cookie: cookieHeader } })
  t.equal(after.status, 401, 'a kept copy is refused once its sealed expiry has passed')
  Date.now = realNow
  const again = await call(`${base}/logout`, { method: 'POST' })
  t.equal(again.status, 204, 'logging out without a session is harmless')
})

t.test('session keys rotate across instances: the old session is read after rotation, new ones use the new key', async (t) => {
  const k1 = { id: 'k1', key: randomBytes(32) }
  const k2 = { id: 'k2', key: randomBytes(32) }
  const before = await startBlog(t, { sessionKeys: [k1] })
  const after = await startBlog(t, { sessionKeys: [k2, k1] })
  const retired = await startBlog(t, { sessionKeys: [k2] })
  const sealedBy = async (base: string): Promise<string> => {
    const login = await postJson(`${base}/login`, { email: SEED_EMAIL, password: SEED_PASSWORD })
    return parseSetCookie(setCookieHeaders(login.headers))[0].value
  }
  const old = await sealedBy(before.base)
  const fresh = await sealedBy(after.base)
  t.match(old, /^k1\./)
  t.match(fresh, /^k2\./)
  const profile = async (base: string, value: string): Promise<number> =>
    (await call(`${base}/profile`, { headers: { cookie: `__Host-session_id=${value}` } })).status
  t.equal(await profile(after.base, old), 200, 'old sessions survive the rotation')
  t.equal(await profile(retired.base, old), 401, 'and end when the old key is retired')
  t.equal(await profile(retired.base, fresh), 200)

  const hex = randomBytes(32).toString('hex')
  t.same(sessionKeys({ BLOG_SESSION_KEYS: `new:${hex},old:${hex.split('').reverse().join('')}` }).map(k => k.id), ['new', 'old'], 'BLOG_SESSION_KEYS, first seals')
  t.same(sessionKeys({}).map(k => k.id), ['dev2', 'dev1'])
})

t.test('POST /login: 401 for a wrong password or unknown email, 400 for malformed input', async (t) => {
  const { base } = await startBlog(t)
  for (const body of [{ email: SEED_EMAIL, password: 'Correct horse battery staple' }, { email: 'eve@example.com', password: SEED_PASSWORD }]) {
    const answer = await postJson(`${base}/login`, body)
    t.equal(answer.status, 401)
    t.equal(errorBody(answer).code, 'BLOG_BAD_CREDENTIALS')
    t.same(setCookieHeaders(answer.headers), [], 'no session cookie')
    t.equal(answer.headers['cache-control'], 'no-store')
  }
  const malformed = await call(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' })
  t.equal(malformed.status, 400)
  t.equal(errorBody(malformed).statusCode, 400)
  const missing = await postJson(`${base}/login`, { email: SEED_EMAIL })
  t.equal(missing.status, 400)
  t.equal(errorBody(missing).code, 'FST_ERR_VALIDATION')
})

t.test('GET /go?next=: relative paths redirect, anything leaving the site is a 400', async (t) => {
  const { base } = await startBlog(t)
  const ok = await call(`${base}/go?next=${encodeURIComponent('/posts/1?from=go')}`)
  t.equal(ok.status, 302)
  t.equal(ok.headers.location, '/posts/1?from=go')
  t.equal(ok.body, '')
  const unicode = await call(`${base}/go?next=${encodeURIComponent('/posts?q=été')}`)
  t.equal(unicode.status, 302)
  t.equal(unicode.headers.location, '/posts?q=%C3%A9t%C3%A9', 'percent-encoded')

  for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'http:evil.example', '/ok\r\nSet-Cookie: x=1']) {
    const answer = await call(`${base}/go?next=${encodeURIComponent(next)}`)
    t.equal(answer.status, 400, JSON.stringify(next))
    t.equal(answer.headers.location, undefined)
    t.equal(errorBody(answer).code, 'FST_REPLYKIT_UNSAFE_REDIRECT', JSON.stringify(next))
  }
  const missing = await call(`${base}/go`)
  t.equal(missing.status, 400)
  t.equal(errorBody(missing).code, 'FST_ERR_VALIDATION')
})

t.test('the guard runs in strict mode: every JSON route is filtered, the others exempt, no findings', async (t) => {
  const { app } = await startBlog(t)
  const policies = app.responsePolicies().filter((p) => p.method !== 'HEAD')
  const byRoute = new Map(policies.map((p) => [`${p.method} ${p.url}`, p]))
  for (const route of ['GET /posts/:id', 'GET /posts', 'GET /posts/latest', 'GET /posts/:id/or-latest', 'POST /posts', 'PUT /posts/:id', 'GET /users/:id', 'POST /login', 'GET /profile']) {
    t.equal(byRoute.get(route)?.schema, 'filtered', route)
  }
  for (const route of ['POST /logout', 'GET /go', 'GET /health', 'GET /exports/posts.csv', 'GET /exports/large-posts.csv', 'GET /exports/posts.ndjson', 'GET /posts/events']) {
    t.equal(byRoute.get(route)?.schema, 'exempt', route)
  }
  t.same(policies.flatMap((p) => p.findings), [])
  t.equal(policies.length, 16)
})
