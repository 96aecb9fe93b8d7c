// The start-up audit of one response schema (lib/schema-audit.ts), with the $ref resolver and the
// sensitive-name matcher it uses: one test per kind of finding, and the schemas that must pass clean.
import { test } from 'tap'
import { Type } from '@sinclair/typebox'
import { auditSchema } from '../lib/schema-audit.js'
import { resolveRef } from '../lib/schema-ref.js'
import { DEFAULT_SENSITIVE, sensitiveMatcher } from '../lib/sensitive-name.js'

const isSensitive = sensitiveMatcher(DEFAULT_SENSITIVE)
const audit = (schema: unknown, shared = {}) => auditSchema(schema, { isSensitive, shared })
const where = (schema: unknown, shared = {}) => audit(schema, shared).map(f => `${f.kind} ${f.path}`)

test('closed schemas have no findings', async (t) => {
  const User = Type.Object({ id: Type.Integer(), name: Type.String(), tags: Type.Array(Type.String()), born: Type.Optional(Type.String({ format: 'date' })) })
  t.same(audit(User), [])
  t.same(audit(Type.Array(User)), [])
  t.same(audit(Type.Union([User, Type.Null()])), [])
  t.same(audit(Type.Intersect([User, Type.Object({ role: Type.String() })])), [])
  t.same(audit(Type.Object({})), [], 'an empty object with properties: {} is closed')
  t.same(audit({ type: 'object', additionalProperties: false }), [], 'no properties but additionalProperties: false')
  t.same(audit(Type.Tuple([Type.String(), Type.Number()])), [])
  t.same(audit({ type: 'array', prefixItems: [{ type: 'string' }], items: false }), [])
  t.same(audit({ type: 'object', properties: { id: { type: 'number' } }, patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false }), [])
  t.same(audit(false), [], 'the false schema lets nothing through')
  t.same(audit({ type: 'string', enum: ['a'] }), [])
  t.same(audit({ if: { type: 'object' }, then: User, else: { type: 'null' } }), [])
})

test('Type.Any, Type.Unknown, {} and true are open at any depth', async (t) => {
  t.same(where(Type.Any()), ['open $'])
  t.same(where(Type.Unknown()), ['open $'])
  t.same(where(true), ['open $'])
  t.same(where({ description: 'anything' }), ['open $'], 'annotations do not constrain')
  t.same(where(Type.Object({ a: Type.Object({ b: Type.Any() }) })), ['open $.a.b'])
  t.match(audit(Type.Any())[0].detail, /Type\.Any/)
})

test('additionalProperties true or a schema, and objects without properties', async (t) => {
  t.same(where({ type: 'object', properties: { id: { type: 'number' } }, additionalProperties: true }), ['open $'])
  t.same(where(Type.Object({ id: Type.Number() }, { additionalProperties: Type.String() })), ['open $'])
  t.same(where({ type: 'object' }), ['open $'])
  t.same(where({ type: ['object', 'null'] }), ['open $'], 'a type list with object')
  t.same(where({ type: ['string', 'null'] }), [])
  t.match(audit({ type: 'object' })[0].detail, /object without properties/)
  t.match(audit({ type: 'object', additionalProperties: true })[0].detail, /additionalProperties: true/)
})

test('patternProperties: open without additionalProperties: false, and records', async (t) => {
  t.same(where({ type: 'object', patternProperties: { '^x-': { type: 'string' } } }), ['open $'])
  t.same(audit(Type.Record(Type.String(), Type.String())).map(f => f.detail), [
    'patternProperties without additionalProperties: false', 'patternProperties ^(.*)$ admits any property name (a record)'])
  t.same(where({ type: 'object', patternProperties: { '^.*$': { type: 'string' } }, additionalProperties: false }), ['open $'])
  t.match(audit({ type: 'object', patternProperties: { '(': {} }, additionalProperties: false }).map(f => f.detail).join(), /admits any property name/, 'a pattern that does not compile is treated as open')
  t.same(where({ type: 'object', patternProperties: { '^x-': Type.Any() }, additionalProperties: false }), ['open $/patternProperties[^x-]'])
})

test('inside arrays, unions, intersections and conditionals', async (t) => {
  t.same(where(Type.Array(Type.Array(Type.Any()))), ['open $[][]'])
  t.same(where({ type: 'array' }), ['open $'], 'an array without items')
  t.same(where({ type: 'array', items: [{ type: 'string' }, {}] }), ['open $[1]'], 'draft-7 tuple items')
  t.same(where({ type: 'array', prefixItems: [{ type: 'string' }, true] }), ['open $[1]'])
  t.same(where(Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.Unknown() })])), ['open $/anyOf[1].b'])
  t.same(where({ oneOf: [{ type: 'null' }, { type: 'object' }] }), ['open $/oneOf[1]'])
  t.same(where(Type.Intersect([Type.Object({ a: Type.String() }), Type.Object({ meta: Type.Any() })])), ['open $/allOf[1].meta'])
  t.same(where({ if: { type: 'object' }, then: { type: 'object' }, else: Type.Any() }), ['open $/then', 'open $/else'])
})

test('$refs: shared schemas, local definitions, unresolved refs, recursion', async (t) => {
  const shared = {
    OpenUser: { $id: 'OpenUser', type: 'object', properties: { id: { type: 'number' } }, additionalProperties: true },
    Closed: { $id: 'Closed', type: 'object', properties: { id: { type: 'number' }, friend: { $ref: '#/$defs/friend' } }, $defs: { friend: { type: 'object', properties: { secretSauce: { type: 'string' } } } } },
  }
  t.same(where({ $ref: 'OpenUser#' }, shared), ['open $'])
  t.same(where(Type.Object({ owner: Type.Ref('OpenUser') }), shared), ['open $.owner'])
  t.same(where({ $ref: 'Closed#/properties/friend' }, shared), ['sensitive $.secretSauce'], 'a pointer into a shared schema')
  t.same(where({ $ref: 'Closed' }, shared), ['sensitive $.friend.secretSauce'], 'local refs inside a shared schema')
  t.same(where({ $ref: 'OpenUser', type: 'object', additionalProperties: true }, shared), ['open $'], 'the same finding twice at one path is listed once')
  t.same(where({ $ref: 'Missing#' }, shared), ['unresolved $'])
  t.same(where({ $ref: '#/nowhere' }), ['unresolved $'])
  t.same(auditSchema({ $ref: 'OpenUser' }, { isSensitive }).map(f => f.kind), ['unresolved'], 'no shared schemas given')
  const tree = { $id: 'Tree', type: 'object', properties: { value: { type: 'number' }, children: { type: 'array', items: { $ref: 'Tree' } } } }
  t.same(where({ $ref: 'Tree' }, { Tree: tree }), [], 'recursive schemas end')
  const looseTree = { $id: 'Loose', type: 'object', properties: { children: { type: 'array', items: { $ref: 'Loose' } } }, additionalProperties: true }
  t.same(where({ $ref: 'Loose' }, { Loose: looseTree }), ['open $'], 'a recursive schema is reported once')
})

test('sensitive property names', async (t) => {
  const schema = Type.Object({
    id: Type.Number(),
    password_hash: Type.String(),
    apiKey: Type.String(),
    api_key: Type.String(),
    PrivateKey: Type.String(),
    'X-Auth-Token': Type.String(),
    clientSecret: Type.String(),
    Password: Type.String(),
    profile: Type.Object({ passwordHash: Type.String(), nickname: Type.String() }),
    keys: Type.Array(Type.Object({ private_key: Type.String() })),
  })
  t.same(where(schema), [
    'sensitive $.password_hash', 'sensitive $.apiKey', 'sensitive $.api_key', 'sensitive $.PrivateKey',
    'sensitive $.X-Auth-Token', 'sensitive $.clientSecret', 'sensitive $.Password',
    'sensitive $.profile.passwordHash', 'sensitive $.keys[].private_key',
  ])
  t.match(audit(schema)[0].detail, /password_hash looks like a secret/)
  const custom = auditSchema(schema, { isSensitive: sensitiveMatcher(['nick', /^id$/]) }).map(f => f.path)
  t.same(custom, ['$.id', '$.profile.nickname'], 'custom strings and RegExps replace the defaults')
})

test('sensitiveMatcher', async (t) => {
  const match = sensitiveMatcher(DEFAULT_SENSITIVE)
  for (const name of ['password', 'PASSWORD_HASH', 'apiKey', 'api-key', 'x_api_key', 'privateKey', 'private_key', 'refresh_token', 'sha256Hash', 'clientSecret']) {
    t.ok(match(name), `${name} is sensitive`)
  }
  for (const name of ['id', 'name', 'email', 'publicKey', 'apiVersion', 'private', 'key']) t.notOk(match(name), `${name} is not`)
  const global = sensitiveMatcher([/token/gi, '  '])
  t.ok(global('a_token') && global('b_TOKEN'), 'a global RegExp matches every time (lastIndex reset)')
  t.notOk(global('name'), 'an empty string pattern matches nothing')
})

test('resolveRef', async (t) => {
  const shared = { User: { $id: 'User', type: 'object', properties: { 'a/b': { type: 'string' }, 'c~d': { type: 'number' } } } }
  t.same(resolveRef('User#/properties/a~1b', undefined, shared)?.schema, { type: 'string' })
  t.same(resolveRef('User#/properties/c~0d', undefined, shared)?.schema, { type: 'number' })
  t.equal(resolveRef('User', undefined, shared)?.schema, shared.User)
  t.equal(resolveRef('User#/', undefined, shared)?.root, shared.User)
  t.equal(resolveRef('User#/properties/missing', undefined, shared), undefined)
  t.equal(resolveRef('User#/properties/a~1b/type/x', undefined, shared), undefined, 'cannot walk into a string')
  t.equal(resolveRef('Nope', undefined, shared), undefined)
  t.equal(resolveRef('#/toString', {}, shared), undefined, 'only own keys')
})
