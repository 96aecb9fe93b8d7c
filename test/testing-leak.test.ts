// fastify-reply-kit/testing: expectNoLeak on real bodies (inject, undici) and on hand-made ones that
// exercise each schema form: nested objects, arrays, tuples, unions, $refs, open parts.
import t from 'tap'
import Fastify from 'fastify'
import { Type } from '@sinclair/typebox'
import { request } from 'undici'
import { expectNoLeak } from '../testing/index.js'
import { listen } from './helpers/server.js'

const User = Type.Object({ id: Type.Integer(), name: Type.String(), tags: Type.Array(Type.Object({ label: Type.String() })) }, { additionalProperties: false })

t.test('a body filtered by its schema passes; the raw row leaks, with each path named', async (t) => {
  const app = Fastify()
  const row = { id: 1, name: 'Ada', tags: [{ label: 'x', internal: 1 }], password_hash: 'h' }
  app.get('/filtered', { schema: { response: { 200: User } } }, async () => row)
  app.get('/raw', async () => row)
  const base = await listen(t, app)
  const filtered = await app.inject('/filtered')
  expectNoLeak(filtered, User)
  expectNoLeak(filtered.body, User)
  expectNoLeak(Buffer.from(filtered.body), User)
  expectNoLeak(await (await request(`${base}/filtered`)).body.text(), User)
  const raw = await app.inject('/raw')
  t.throws(() => expectNoLeak(raw, User), {
    name: 'AssertionError',
    message: 'the body leaks 3 properties:\n$.tags[0].internal: "internal" is not declared in the schema\n$.password_hash: "password_hash" looks like a secret\n$.password_hash: "password_hash" is not declared in the schema',
  })
  t.throws(() => expectNoLeak('<html>', User), { message: 'expectNoLeak: the body is not JSON: "<html>"' })
  t.throws(() => expectNoLeak({ payload: '{"id":1,"x":2}' }, User), { message: /\$\.x: "x" is not declared/ })
})

t.test('open parts let undeclared names through, but never a secret-looking one', async (t) => {
  const Open = Type.Object({ meta: Type.Any(), extra: Type.Record(Type.String(), Type.Number()), free: Type.Object({}, { additionalProperties: true }) })
  expectNoLeak({ meta: { anything: 1 }, extra: { a: 1 }, free: { b: 2 } }, Open)
  t.throws(() => expectNoLeak({ more: 3 }, Open), { message: /\$\.more: "more" is not declared/ }, 'properties are declared at the top, even without additionalProperties: false')
  t.throws(() => expectNoLeak({ meta: { apiKey: 'k' } }, Open), { message: /\$\.meta\.apiKey: "apiKey" looks like a secret/ })
  expectNoLeak({ meta: { apiKey: 'k' } }, Open, { sensitive: [] })
  t.throws(() => expectNoLeak({ meta: { ssn: 'k' } }, Open, { sensitive: [/^ssn$/] }), { message: /"ssn" looks like a secret/ })
  const Patterned = { type: 'object', properties: {}, patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false }
  expectNoLeak({ 'x-a': '1' }, Patterned)
  const Map = { type: 'object', properties: { fixed: {} }, additionalProperties: { type: 'object', properties: { a: {} }, additionalProperties: false } }
  expectNoLeak({ fixed: 1, k: { a: 1 } }, Map)
  t.throws(() => expectNoLeak({ k: { b: 1 } }, Map), { message: /\$\.k\.b: "b" is not declared/ })
  t.throws(() => expectNoLeak({ y: '1' }, Patterned), { message: /\$\.y: "y" is not declared/ })
})

t.test('unions, tuples, allOf and $refs', async (t) => {
  const Cat = Type.Object({ kind: Type.Literal('cat'), meows: Type.Boolean() }, { additionalProperties: false })
  const Dog = Type.Object({ kind: Type.Literal('dog'), barks: Type.Boolean() }, { additionalProperties: false })
  const Pet = Type.Union([Cat, Dog])
  expectNoLeak([{ kind: 'cat', meows: true }, { kind: 'dog', barks: true }], Type.Array(Pet))
  t.throws(() => expectNoLeak({ kind: 'dog', barks: true, owner: 'x', chip: 1 }, Pet), { message: /the body leaks 2 properties:\n\$\.owner: .*\n\$\.chip:/ })
  const Tuple = { type: 'array', prefixItems: [{ type: 'object', properties: { a: {} } }], items: { type: 'object', properties: { b: {} } } }
  expectNoLeak([{ a: 1 }, { b: 2 }, { b: 3 }], Tuple)
  t.throws(() => expectNoLeak([{ b: 1 }], Tuple), { message: /\$\[0\]\.b/ })
  expectNoLeak([{ anything: 1 }], { type: 'array', items: true })
  const Both = { allOf: [{ type: 'object', properties: { a: {} } }, { type: 'object', properties: { b: {} } }] }
  expectNoLeak({ a: 1, b: 2 }, Both)
  t.throws(() => expectNoLeak({ a: 1, c: 2 }, Both), { message: /\$\.c: "c" is not declared/ })
  const WithDefs = { $defs: { item: { type: 'object', properties: { id: {} }, additionalProperties: false } }, type: 'array', items: { $ref: '#/$defs/item' } }
  expectNoLeak([{ id: 1 }], WithDefs)
  t.throws(() => expectNoLeak([{ id: 1, x: 1 }], WithDefs), { message: /\$\[0\]\.x/ })
  const shared = { Item: { $id: 'Item', type: 'object', properties: { id: {} }, additionalProperties: false } }
  expectNoLeak({ id: 1 }, { $ref: 'Item#' }, { schemas: shared })
  t.throws(() => expectNoLeak({ id: 1 }, { $ref: 'Missing#' }), { name: 'TypeError', message: 'expectNoLeak: cannot resolve $ref "Missing#" (pass options.schemas: app.getSchemas())' })
  expectNoLeak('"just a string"', Type.String())
  expectNoLeak({ a: { anything: 1 } }, { type: 'object', properties: { a: true } })
  expectNoLeak(42, { oneOf: [] })
})
