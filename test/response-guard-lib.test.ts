// The pure parts of responseGuard: what JSON is, how a route's response schemas are read and chosen,
// and the run-time net that drops secret-looking properties from open parts of a schema.
import { test } from 'tap'
import { Type } from '@sinclair/typebox'
import { isJsonMediaType, mediaTypeOf } from '../lib/json-media-type.js'
import { jsonSchemasOf, readResponseSchemas, selectResponseSchema } from '../lib/response-schemas.js'
import { stripUndeclaredSecrets } from '../lib/strip-secrets.js'
import { DEFAULT_SENSITIVE, sensitiveMatcher } from '../lib/sensitive-name.js'

test('JSON media types', async (t) => {
  t.equal(mediaTypeOf('Application/JSON; charset=utf-8'), 'application/json')
  t.equal(mediaTypeOf(' text/plain '), 'text/plain')
  t.equal(mediaTypeOf(undefined), '')
  t.equal(mediaTypeOf(['application/json']), '', 'only a string is a content type')
  for (const type of ['application/json', 'application/problem+json', 'application/vnd.api+json', 'application/ld+json']) t.ok(isJsonMediaType(type), type)
  for (const type of ['text/plain', 'application/x-ndjson', 'application/jsonl', '+json', '/+json', 'application/+json', 'text/csv', '']) t.notOk(isJsonMediaType(type), type)
})

test('reading and choosing response schemas', async (t) => {
  t.equal(readResponseSchemas(undefined), undefined)
  t.equal(readResponseSchemas({}), undefined)
  const User = { type: 'object', properties: { id: { type: 'number' } } }
  const Problem = { type: 'object', properties: { title: { type: 'string' } } }
  const table = readResponseSchemas({ 200: User, 201: User, '4XX': Problem, default: Problem })!
  t.equal(table.success, undefined, 'two 2xx entries and no 2xx key: no single success schema')
  t.equal(table.coversSuccess, true, 'but each of them is a success schema')
  t.equal(selectResponseSchema(readResponseSchemas({ 200: User, 201: User })!, 202, ''), undefined, 'an undeclared 2xx status has none')
  t.equal(readResponseSchemas({ 404: Problem })!.coversSuccess, false, 'errors only')
  t.equal(readResponseSchemas({ 404: Problem, default: User })!.coversSuccess, true, 'default covers success')
  t.same(selectResponseSchema(table, 201, ''), { key: '201', mediaType: '', schema: User })
  t.same(selectResponseSchema(table, 404, '')?.key, '4xx')
  t.same(selectResponseSchema(table, 500, '')?.key, 'default')
  t.same(jsonSchemasOf(table).map(s => s.label), ['200', '201', '4xx', 'default'])

  const only = readResponseSchemas({ 201: User, 404: Problem })!
  t.equal(only.success?.key, '201')
  t.same(selectResponseSchema(only, 299, '')?.key, '201', 'the only 2xx entry stands in for other statuses')
  t.same(selectResponseSchema(only, 500, '')?.key, '201')
  t.equal(selectResponseSchema(readResponseSchemas({ 404: Problem })!, 200, ''), undefined)

  const keyed = readResponseSchemas({
    200: { content: { 'application/vnd.a+json': { schema: User }, 'application/vnd.b+json': { schema: Problem }, 'text/csv': { schema: { type: 'string' } } } },
    202: { content: { 'Application/JSON': {} } },
    204: { content: null },
  })!
  t.same(keyed.entries.get('200')?.other, ['text/csv'])
  t.equal(selectResponseSchema(keyed, 200, 'application/vnd.b+json')?.schema, Problem)
  t.same(selectResponseSchema(keyed, 200, 'application/json'), { key: '200', mediaType: 'application/vnd.a+json', schema: User }, 'no match: the first JSON type')
  t.same(selectResponseSchema(keyed, 202, 'application/json')?.schema, {}, 'a content entry without a schema')
  t.same(jsonSchemasOf(keyed).map(s => s.label), ['200 application/vnd.a+json', '200 application/vnd.b+json', '202 application/json', '204'])
  t.same(selectResponseSchema(readResponseSchemas({ 200: true })!, 200, '')?.schema, true, 'a boolean schema')
  t.equal(readResponseSchemas({ 200: { content: { 'text/csv': { schema: {} } } } })!.success, undefined, 'non-JSON only: no success schema')
})

test('stripUndeclaredSecrets', async (t) => {
  const isSensitive = sensitiveMatcher(DEFAULT_SENSITIVE)
  const strip = (value: unknown, schema: unknown, shared = {}) => stripUndeclaredSecrets(value, schema, { isSensitive, shared })
  const secret = { id: 1, password_hash: 'S', nested: [{ apiKey: 'S', ok: true }] }

  t.same(strip(secret, Type.Any()), { id: 1, nested: [{ ok: true }] }, 'open at the root: every depth')
  t.same(strip(secret, true), { id: 1, nested: [{ ok: true }] })
  t.same(strip(secret, Type.Object({ password_hash: Type.String() })), secret, 'declared properties are kept; undeclared ones are the serializer\'s to drop')
  t.same(strip({ id: 1, extra: secret }, Type.Object({ id: Type.Number() }, { additionalProperties: true })),
    { id: 1, extra: { id: 1, nested: [{ ok: true }] } }, 'additionalProperties: true')
  t.same(strip({ a: { token: 'S', n: 1 }, refresh_token: 'S' }, { type: 'object', additionalProperties: { type: 'object', properties: { n: { type: 'number' } } } }),
    { a: { token: 'S', n: 1 } }, 'additionalProperties with a schema: secret names are dropped, values follow the schema')
  t.same(strip({ x: secret }, Type.Record(Type.String(), Type.Any())), { x: { id: 1, nested: [{ ok: true }] } }, 'a record')
  t.same(strip({ 'x-a': { secret: 'S' }, other: 1 }, { type: 'object', patternProperties: { '^x-': {}, '(': { type: 'string' } }, additionalProperties: false }),
    { 'x-a': {}, other: 1 }, 'pattern properties (a pattern that does not compile matches)')
  t.same(strip([[secret]], Type.Array(Type.Array(Type.Any()))), [[{ id: 1, nested: [{ ok: true }] }]], 'nested arrays')
  t.same(strip(['a', secret], { type: 'array', prefixItems: [{ type: 'string' }], items: {} }), ['a', { id: 1, nested: [{ ok: true }] }], 'prefixItems then items')
  t.same(strip([secret, secret], { type: 'array', items: [{ type: 'object', properties: { id: { type: 'number' } } }] }),
    [secret, { id: 1, nested: [{ ok: true }] }], 'draft-7 tuple items: beyond them, open')
  t.same(strip([secret], { type: 'array', items: false }), [{ id: 1, nested: [{ ok: true }] }], 'items: false: nothing is declared')
  t.same(strip([secret], { type: 'array' }), [{ id: 1, nested: [{ ok: true }] }], 'an array without items')
  t.same(strip({ a: secret }, Type.Union([Type.Object({ a: Type.Any() }), Type.Null()])), { a: { id: 1, nested: [{ ok: true }] } }, 'a union')
  t.same(strip({ a: secret, b: secret }, Type.Intersect([Type.Object({ a: Type.Number() }), Type.Object({ b: Type.Unknown() })])),
    { a: secret, b: { id: 1, nested: [{ ok: true }] } }, 'an intersection')
  t.same(strip({ a: secret }, { if: { type: 'object' }, then: { type: 'object', properties: { a: {} } } }), { a: { id: 1, nested: [{ ok: true }] } }, 'then/else')

  const shared = { Open: { $id: 'Open', type: 'object', additionalProperties: true, properties: { me: { $ref: 'Open' } } } }
  t.same(strip({ password: 'S', me: { password: 'S', x: 1 } }, { $ref: 'Open#' }, shared), { me: { x: 1 } }, 'a shared (recursive) $ref')
  t.same(strip({ password: 'S' }, { $ref: 'Missing' }, shared), {}, 'an unresolved $ref is treated as open')

  const date = new Date(0)
  t.equal((strip({ at: date }, Type.Object({ at: Type.String({ format: 'date-time' }) })) as { at: Date }).at, date, 'a Date at a closed place stays a Date')
  t.same(strip({ at: date }, Type.Any()), { at: '1970-01-01T00:00:00.000Z' }, 'at an open place, toJSON first')
  t.same(strip({ u: { toJSON: () => secret } }, Type.Any()), { u: { id: 1, nested: [{ ok: true }] } })
  const X = Type.Object({ a: Type.Any() })
  t.same(stripUndeclaredSecrets({ a: { token: 'S' } }, { allOf: [X, X] }, { isSensitive }), { a: {} }, 'the same schema twice in one place; no shared schemas given')
  t.same(strip(null, Type.Any()), null)
  t.same(strip('text', Type.Any()), 'text')
  t.same(strip(JSON.parse('{"__proto__":{"a":1},"b":2}'), Type.Any()), { b: 2 }, '__proto__ is never copied')
})
