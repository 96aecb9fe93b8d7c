// The examples of docs/testing.md, run on the example blog: the helpers in a user's own tests.
import t from 'tap'
import { auditRoutes, expectCacheable, expectCookie, expectNoLeak, expectNotCacheable } from '../testing/index.js'
import { LAST_VIEWED_COOKIE, SESSION_COOKIE } from '../examples/blog/app.js'
import { SEED_EMAIL, SEED_PASSWORD } from '../examples/blog/db.js'
import { User } from '../examples/blog/schemas.js'
import { startBlog } from './helpers/blog.js'

t.test('the blog through the test helpers', async (t) => {
  const { app, base } = await startBlog(t)
  t.same(await auditRoutes(app), [], 'the blog has no findings')

  const post = await app.inject('/posts/2')
  expectCookie(post, LAST_VIEWED_COOKIE, { value: '2', httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 2592000 })
  expectNotCacheable(post)
  t.equal(expectCacheable(post, { shared: false }).ttl, 60)
  const list = await fetch(`${base}/posts`)
  await list.arrayBuffer()
  t.equal(expectCacheable(list).ttl, 60, 'over a real socket with fetch')

  const login = await app.inject({ method: 'POST', url: '/login', payload: { email: SEED_EMAIL, password: SEED_PASSWORD } })
  const session = expectCookie(login, SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: '/', maxAge: 8 * 3600 })
  const logout = await app.inject({ method: 'POST', url: '/logout', headers: { cookie: `${SESSION_COOKIE}=${session.value}` } })
  expectCookie(logout, SESSION_COOKIE, { cleared: true, path: '/', secure: true })

  const user = await app.inject('/users/1?via=string')
  t.equal(user.statusCode, 200)
  expectNoLeak(user, User)
})
