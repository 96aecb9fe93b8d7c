// Hostile configuration: every invalid policy or option fails app.ready() with its code, naming the route or option.
import { test } from 'tap'
import Fastify from 'fastify'
import { cacheControl } from '../plugins/cache-control.js'
import type { CachePolicyInput } from '../types/options.js'

async function readyWithRoute (cache: unknown, method: 'GET' | 'POST' = 'GET', url = '/posts/:id') {
  const app = Fastify()
  await app.register(cacheControl)
  await app.register(async (scope) => {
    scope.route({ method, url, config: { cache: cache as CachePolicyInput }, handler: async () => 'x' })
  })
  return app.ready()
}

test('each invalid route policy rejects app.ready(), naming method, URL and field', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    ['nope', /config\.cache: 'nope' is neither a preset nor a valid Cache-Control value: 'nope' is not a known Cache-Control response directive/],
    [{ preset: 'nope' }, /config\.cache\.preset: 'nope' is not a known preset/],
    [{ maxAge: -1 }, /config\.cache\.maxAge: must be a whole number of seconds.*; got -1/],
    [{ sMaxAge: 1.5 }, /config\.cache\.sMaxAge: .*got 1\.5/],
    [{ staleIfError: NaN }, /config\.cache\.staleIfError: .*got NaN/],
    [{ staleWhileRevalidate: 'soon' }, /config\.cache\.staleWhileRevalidate: .*got 'soon'/],
    [{ maxAge: '-5m' }, /config\.cache\.maxAge: .*got '-5m'/],
    [{ maxAge: '1.5h' }, /config\.cache\.maxAge: .*got '1\.5h'/],
    [{ maxAge: '1000000000y' }, /config\.cache\.maxAge: .*got '1000000000y'/],
    [{ maxAge: Infinity }, /config\.cache\.maxAge: .*got Infinity/],
    [{ public: true, private: true }, /config\.cache\.private: public and private exclude each other/],
    [{ preset: 'public', private: true }, /config\.cache\.private: public and private exclude each other/],
    [{ noStore: true, maxAge: 60 }, /config\.cache\.maxAge: noStore with maxAge makes no sense/],
    [{ noStore: true, staleIfError: 60 }, /config\.cache\.staleIfError: noStore with staleIfError/],
    [{ noStore: true, public: true }, /config\.cache\.noStore: noStore with public makes no sense/],
    [{ preset: 'private', maxAge: '1h' }, /config\.cache\.maxAge: noStore with maxAge/],
    ['public, max-age=60, shared', /'shared' is not a known Cache-Control response directive/],
    ['public, max-age=-1', /directive 'max-age' must be a whole number of seconds/],
    ['max-age=60, max-age=120', /directive 'max-age' is repeated/],
    ['public, private', /public and private exclude each other/],
    ['no-store, max-age=5', /noStore with maxAge/],
    ['private="set-cookie"', /takes no value/],
    [{ maxage: 60 }, /config\.cache\.maxage: is not a known field/],
    [{ cdn: { maxAge: -1 } }, /config\.cache\.cdn\.maxAge: .*got -1/],
    [{ cdn: { noStore: true, maxAge: 5 } }, /config\.cache\.cdn\.maxAge: noStore with maxAge/],
    [{ private: true, cdn: { maxAge: 60 } }, /config\.cache\.cdn: CDN-Cache-Control ages on a private or no-store policy/],
    [{ vary: 'Origin' }, /config\.cache\.vary: must be an array of header names/],
    [{ vary: ['Origin', 'bad header'] }, /config\.cache\.vary\.1: must be a header name/],
    [{ etag: 'yes' }, /config\.cache\.etag: must be true or false/],
    [60, /config\.cache: must be a preset name, a Cache-Control value or a policy object; got 60/],
    [null, /config\.cache: .*got null/],
    [['public'], /config\.cache: .*got \["public"\]/],
  ]
  for (const [cache, message] of cases) {
    await t.rejects(readyWithRoute(cache), { code: 'FST_REPLYKIT_BAD_CACHE_POLICY', message: /^Invalid cache policy for GET \/posts\/:id: / }, JSON.stringify(cache))
    await t.rejects(readyWithRoute(cache), { message }, JSON.stringify(cache))
  }
  const hostile = { get maxAge (): number { throw new Error('getter says no') } }
  await t.rejects(readyWithRoute(hostile), { code: 'FST_REPLYKIT_BAD_CACHE_POLICY', message: 'Invalid cache policy for GET /posts/:id: config.cache: getter says no' })
  await t.rejects(readyWithRoute({ maxAge: -1 }, 'POST', '/upload'), { message: /^Invalid cache policy for POST \/upload: config\.cache\.maxAge/ })
})

test('each invalid option rejects app.ready() with FST_REPLYKIT_BAD_OPTION, naming the option', async (t) => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ presets: 3 }, /^Invalid option presets: must be an object of named policies; got 3/],
    [{ presets: { article: 'public' } }, /^Invalid option presets\.article: must be a policy object/],
    [{ presets: { article: { maxAge: -1 } } }, /^Invalid option presets\.article\.maxAge: .*got -1/],
    [{ presets: { article: { preset: 'nope' } } }, /^Invalid option presets\.article\.preset: 'nope' is not a known preset/],
    [{ presets: { a: { preset: 'b' }, b: { preset: 'a' } } }, /^Invalid option presets\.a: presets refer to each other in a loop: a -> b -> a/],
    [{ presets: { a: { public: true, private: true } } }, /^Invalid option presets\.a\.private: public and private exclude/],
    [{ default: 'nope' }, /^Invalid option default: 'nope' is neither a preset/],
    [{ default: { maxAge: 'x' } }, /^Invalid option default\.maxAge: .*got 'x'/],
    [{ errors: true }, /^Invalid option errors: must be a preset name.*got true/],
    [{ errors: { noStore: true, maxAge: 1 } }, /^Invalid option errors\.maxAge: noStore with maxAge/],
    [{ cookies: 'on' }, /^Invalid option cookies: must be 'downgrade' or 'off'; got "on"/],
    [{ authorization: false }, /^Invalid option authorization: must be 'downgrade' or 'off'; got false/],
    [{ preset: {} }, /^Invalid option preset: is not an option of cacheControl/],
  ]
  for (const [options, message] of cases) {
    const app = Fastify()
    app.register(cacheControl, options)
    await t.rejects(async () => { await app.ready() }, { code: 'FST_REPLYKIT_BAD_OPTION', message }, JSON.stringify(options))
  }
})

test('a valid configuration is ready, and the plugin is named for fastify-plugin', async (t) => {
  const app = Fastify()
  await app.register(cacheControl, { presets: { article: { preset: 'public', maxAge: '1h' } }, default: 'no-store', errors: 'private', cookies: 'off', authorization: 'downgrade' })
  const withRegisterOptions = Fastify()
  await withRegisterOptions.register(cacheControl, { prefix: '/api', logLevel: 'warn' } as object)
  t.ok(withRegisterOptions.hasReplyDecorator('cache'), "Fastify's own register options are not refused")
  app.get('/a', { config: { cache: 'article' } }, async () => 'x')
  await app.ready()
  t.ok(app.hasReplyDecorator('cache'))
  t.equal((cacheControl as unknown as Record<symbol, unknown>)[Symbol.for('fastify.display-name')], 'fastify-reply-kit/cacheControl')
  t.equal((await app.inject('/a')).headers['cache-control'], 'public, max-age=3600')
})
