// The suite's reliance on private Fastify details (plugins/suite/fastify-internals.ts): each check
// here fails loudly, naming the detail, when a Fastify release changes it.
import { test } from 'tap'
import Fastify, { type FastifyReply, type RouteOptions } from 'fastify'
import { clearReplySerializer, HEAD_ROUTE_ON_SEND_HOOK, replyPrototypeOf, replySerializerOf, requestPrototypeOf, routeConfigOf } from '../plugins/suite/fastify-internals.js'

test('Fastify ends its automatic HEAD routes with an onSend hook of this name', async (t) => {
  const app = Fastify()
  const names: string[] = []
  app.addHook('onRoute', (options: RouteOptions) => {
    if (options.method === 'HEAD') names.push(...[options.onSend ?? []].flat().map(h => (h as { name: string }).name))
  })
  app.get('/x', async () => 'x')
  await app.ready()
  t.ok(names.includes(HEAD_ROUTE_ON_SEND_HOOK), `the HEAD route's hooks are ${JSON.stringify(names)}`)
})

test('reply.serializer() keeps its function under a private symbol we can read and clear', async (t) => {
  const app = Fastify()
  const custom = (data: unknown): string => `custom:${JSON.stringify(data)}`
  let seen: unknown[] = []
  app.get('/x', async (_req, reply: FastifyReply) => {
    seen = [replySerializerOf(reply)]
    reply.serializer(custom)
    seen.push(replySerializerOf(reply))
    clearReplySerializer(reply)
    seen.push(replySerializerOf(reply))
    return { a: 1 }
  })
  const res = await app.inject('/x')
  t.same(seen, [null, custom, null], 'null, then the function, then null again')
  t.equal(res.body, '{"a":1}', 'cleared: the default serializer ran')
})

test('each context has its own Reply class under a private symbol', async (t) => {
  const app = Fastify()
  const root = replyPrototypeOf(app)
  t.type(root, 'object', 'found on the root')
  await app.register(async (child) => {
    const proto = replyPrototypeOf(child)
    t.not(proto, root, 'a child context has its own')
    t.equal(Object.getPrototypeOf(proto), root, 'inheriting from its parent\'s')
  })
  t.type(requestPrototypeOf(app), 'object', 'the Request class too')
  t.throws(() => replyPrototypeOf({} as never), { code: 'FST_REPLYKIT_BAD_OPTION', message: /cannot find the fastify.Reply prototype/ }, 'a loud error where the symbol is gone')
})

test('a request keeps its route context, whose config is routeOptions.config, under a private symbol', async (t) => {
  const app = Fastify()
  const seen: Array<[unknown, unknown]> = []
  let symbols: Array<string | undefined> = []
  app.addHook('onSend', async (request, _reply, payload) => {
    symbols = Object.getOwnPropertySymbols(request).map(symbol => symbol.description)
    seen.push([routeConfigOf(request), request.routeOptions.config])
    return payload
  })
  app.get('/x', { config: { cache: 'public' } }, async () => 'x')
  await app.inject('/x')
  await app.inject('/missing')
  t.equal(seen.length, 2)
  for (const [ours, fastify] of seen) t.equal(ours, fastify, 'the very config object Fastify gives')
  t.equal((seen[0][0] as { cache?: string }).cache, 'public', 'the route\'s own config')
  t.ok(symbols.includes('fastify.context'), 'Fastify\'s request has the fastify.context symbol')
})
