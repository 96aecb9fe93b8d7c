// lib/openapi-*: header objects, media objects and operation rewriting, on hand-made documents.
import t from 'tap'
import { cookieAttributeText, setCookieHeader, cacheControlHeader } from '../lib/openapi-headers.js'
import { csvColumns, helperMedia, mediaKind } from '../lib/openapi-media.js'
import { openApiPath, rewriteOperation } from '../lib/openapi-document.js'

t.test('cookie attributes as text', async (t) => {
  t.equal(cookieAttributeText({ maxAge: 500 * 24 * 3600, expires: new Date(), domain: 'example.com', path: '/a', secure: 'auto', sameSite: true, partitioned: true, priority: 'high', encrypted: true }),
    'Max-Age=34560000; Expires=<date>; Domain=example.com; Path=/a; Secure (on HTTPS requests); SameSite=Strict; Partitioned; Priority=high; the value is encrypted (AES-256-GCM)')
  t.equal(cookieAttributeText({ httpOnly: false, secure: false, sameSite: false }), '')
  t.equal(cookieAttributeText({ sameSite: 'none', secure: true }), 'Secure; SameSite=None')
  const one = setCookieHeader([{ name: 'a.b', attributes: '' }])
  t.same(one.schema, { type: 'array', items: { type: 'string', title: 'a.b', pattern: '^a\\.b=', description: 'a.b=<value>' } })
  t.match(one.description, '- `a.b`: (no attributes)')
  t.match(cacheControlHeader('private, max-age=60').description, /^The route's cache policy \(cacheControl\): `private, max-age=60`\.$/)
  t.match(cacheControlHeader('max-age=1, s-maxage=60').description, /Sent as `private`/)
})

t.test('media kinds and objects', async (t) => {
  t.same(['text/csv; charset=utf-8', 'application/jsonl', 'text/event-stream', 'application/problem+json', 'text/html', 'application/xml', 'multipart/form-data', 'image/png']
    .map(mediaKind), ['csv', 'ndjson', 'sse', 'other', 'other', 'other', 'other', 'binary'])
  t.same(csvColumns(undefined), [])
  t.same(csvColumns({ type: 'object' }), [])
  t.same(helperMedia('csv', {}, '3.1'), { schema: { type: 'string', description: 'CSV (RFC 4180).' } })
  t.same(helperMedia('csv', { schema: { properties: { a: {} } }, example: 'mine' }, '3.1'), { schema: { type: 'string', description: 'CSV (RFC 4180): a header row, then one row per item. Columns: a.' }, example: 'mine' })
  const media = { schema: { type: 'object' } }
  t.equal(helperMedia('ndjson', media, '3.1'), media, 'before 3.2 the item schema stays the schema')
  const empty = {}
  t.equal(helperMedia('sse', empty, '3.2'), empty, 'no schema: nothing to say')
  t.same(helperMedia('ndjson', media, '3.2'), { itemSchema: { type: 'object' } })
})

t.test('paths and operations', async (t) => {
  t.equal(openApiPath('/a/:id/b/:name(^\\d+)/c/(^\\w+)/:(x)/*'), '/a/{id}/b/{name}/c/(^\\w+)/{regexp1}/{*}')
  t.equal(openApiPath('/user::watch'), '/user:watch')
  const facts = { etag: false, headers: {}, cookies: [{ name: 'a', attributes: 'Path=/' }], cache: 'public, max-age=60' }
  const noResponses = { summary: 'x' }
  t.equal(rewriteOperation(noResponses, facts, '3.1'), noResponses)
  const ref = { $ref: '#/components/responses/NotFound' }
  const operation = { responses: { 200: { description: 'ok', content: { 'text/csv': 'odd' } }, 404: ref, '2XX': 'odd', 304: { description: 'not modified' }, 500: { description: 'e' } } }
  const out = rewriteOperation(operation, facts, '3.1') as { responses: Record<string, { headers?: Record<string, unknown>, content?: unknown }> }
  t.equal(out.responses['404'], ref, 'a $ref response is left to its component')
  t.equal(out.responses['2XX'], 'odd')
  t.same(out.responses['200'].content, { 'text/csv': 'odd' })
  t.same(Object.keys(out.responses['200'].headers!), ['Cache-Control', 'Set-Cookie', 'Content-Disposition'])
  t.same(Object.keys(out.responses['304'].headers!), ['Cache-Control', 'Set-Cookie'], '304 carries no Location')
  t.equal(out.responses['500'].headers, undefined, 'error answers get no cache policy or cookies')
  t.same(operation.responses['200'], { description: 'ok', content: { 'text/csv': 'odd' } }, 'the input is not changed')
})
