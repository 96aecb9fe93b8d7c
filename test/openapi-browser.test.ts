// The example blog's OpenAPI document, as users read it: validated by an independent validator, and
// rendered by Swagger UI (@fastify/swagger-ui) in Debian's headless Chromium, where GET /posts/{id}
// shows its Set-Cookie and Cache-Control. Runs when /usr/bin/chromium exists, and always with CI=true.
import t from 'tap'
import { join } from 'node:path'
import { request } from 'undici'
import { Validator } from '@seriousme/openapi-schema-validator'
import { chromium, type BrowserContext } from 'playwright-core'
import { startBlog } from './helpers/blog.js'
import { findBinary, skipUnless } from './helpers/e2e.js'
import { tempDir } from './helpers/temp.js'

const executablePath = findBinary(['/usr/bin/chromium'])
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']

type Headers = Record<string, { description: string, schema: Record<string, unknown>, example?: string }>

t.test('the blog\'s document: validated, with the suite\'s headers on each route', async (t) => {
  const { base } = await startBlog(t, { docs: true })
  const response = await request(`${base}/documentation/json`)
  t.equal(response.statusCode, 200)
  const doc = await response.body.json() as { paths: Record<string, Record<string, { responses: Record<string, { headers?: Headers }> }>> }
  const result = await new Validator().validate(doc as never)
  t.same(result.errors, undefined)
  t.equal(result.valid, true)
  const post = doc.paths['/posts/{id}'].get.responses['200'].headers!
  t.match(post['Cache-Control'], { example: 'public, max-age=60' })
  t.match(post['Set-Cookie'].description, '`last_viewed_post`: Max-Age=2592000; Path=/; HttpOnly; Secure; SameSite=Lax')
  t.match(post['x-post-id'].description, /computed per request/)
  t.ok(post.ETag && post['Last-Modified'], 'GET /posts/{id} validates (config.cache.validate): its ETag and Last-Modified are documented')
  t.match(doc.paths['/login'].post.responses['200'].headers!['Set-Cookie'].description, '`__Host-session_id`: Max-Age=28800; Path=/; HttpOnly; Secure; SameSite=Strict')
  t.ok(doc.paths['/posts'].get.responses['200'].headers!.ETag, 'the list has an ETag policy')
  const csv = doc.paths['/exports/large-posts.csv'].get.responses['200'] as unknown as { content: Record<string, { schema: { description: string } }>, headers: Headers }
  t.match(csv.content['text/csv'].schema.description, 'Columns: id, title, author_id, created_at.')
  t.ok(csv.headers['Content-Disposition'])
  const ndjson = doc.paths['/exports/posts.ndjson'].get.responses['200'] as unknown as { content: Record<string, { schema: { properties: Record<string, unknown> } }> }
  t.same(Object.keys(ndjson.content['application/x-ndjson'].schema.properties), ['id', 'slug', 'title', 'body', 'author_id', 'created_at', 'updated_at'])
  const yaml = await request(`${base}/documentation/yaml`)
  t.match(await yaml.body.text(), /Set-Cookie:/, 'the YAML form too')
})

t.test('Swagger UI in headless Chromium shows Set-Cookie and Cache-Control of GET /posts/{id}', { skip: skipUnless(executablePath, 'chromium', 'chromium') }, async (t) => {
  if (executablePath === undefined) throw new Error('/usr/bin/chromium is required with CI=true: .ci/run installs it with apt-get')
  const { base } = await startBlog(t, { docs: true })
  const dir = await tempDir(t, 'openapi-browser-')
  const context: BrowserContext = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath, headless: true, args: ARGS })
  t.teardown(() => context.close())
  const page = await context.newPage()
  await page.goto(`${base}/documentation`)
  const operation = page.locator('.opblock-get', { has: page.locator('[data-path="/posts/{id}"]') })
  await operation.locator('.opblock-summary').first().click()
  const response200 = operation.locator('tr.response[data-code="200"]')
  await response200.waitFor({ timeout: 30_000 })
  const headers = response200.locator('.headers-wrapper')
  const text = await headers.innerText()
  t.match(text, /Set-Cookie/)
  t.match(text, /last_viewed_post/)
  t.match(text, /Max-Age=2592000; Path=\/; HttpOnly; Secure; SameSite=Lax/)
  t.match(text, /Cache-Control/)
  t.match(text, /public, max-age=60/)
  t.match(text, /x-post-id/)
})
