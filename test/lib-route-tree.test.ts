// lib/route-tree.ts reads Fastify's printed route tree back into (method, url) pairs: checked
// against the routes actually added to a real Fastify app.
import { test } from 'tap'
import Fastify from 'fastify'
import { routesOfTree } from '../lib/route-tree.js'

test('every kind of route comes back with its full url and methods', async (t) => {
  const app = Fastify()
  const ok = async (): Promise<string> => 'x'
  app.get('/', ok)
  app.get('/posts/:id', ok)
  app.post('/posts/:id', ok)
  app.get('/posts/:id/comments', ok)
  app.get('/re/:n(^\\d+)', ok)
  app.get('/files/*', ok)
  app.get('/v', { constraints: { version: '1.0.0' } }, ok)
  app.put('/v', { constraints: { version: '2.0.0' } }, ok)
  app.get('/v', { constraints: { version: '3.0.0' } }, ok) // a second GET /v: listed once
  app.register(async (child) => { child.get('/', ok); child.delete('/x', ok) }, { prefix: '/api' })
  await app.ready()
  const routes = routesOfTree(app.printRoutes()).map(({ method, url }) => `${method} ${url}`)
  t.same(routes.sort(), [
    'DELETE /api/x', 'GET /', 'GET /api', 'GET /api/', 'GET /files/*', 'GET /posts/:id', 'GET /posts/:id/comments',
    'GET /re/:n(^\\d+)', 'GET /v', 'HEAD /', 'HEAD /api', 'HEAD /api/', 'HEAD /files/*', 'HEAD /posts/:id',
    'HEAD /posts/:id/comments', 'HEAD /re/:n(^\\d+)', 'HEAD /v', 'POST /posts/:id', 'PUT /v',
  ])
  for (const route of routes) {
    const [method, url] = route.split(' ')
    t.ok(app.hasRoute({ method, url, constraints: url === '/v' ? { version: method === 'PUT' ? '2.0.0' : '1.0.0' } : undefined }), route)
  }
  await app.close()
})

test('an app without routes has none', async (t) => {
  const app = Fastify()
  t.same(routesOfTree(app.printRoutes()), [])
  t.same(routesOfTree(''), [])
})
