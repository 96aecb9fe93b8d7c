// The example's small helpers beside its routes: the API docs, the CSV export file, the health page.
import type { FastifyInstance } from 'fastify'
import { stringify } from 'csv-stringify'
import { createWriteStream } from 'node:fs'
import { rename } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { BlogDb } from './db.js'
import { PostCsvRow } from './schemas.js'

const DOCS_PREFIX = '/documentation'

/**
 * @fastify/swagger (it collects the routes added after it), and a root onRoute hook that runs before
 * the suite's: swagger-ui's routes (HTML, its static files, the document itself) carry no response
 * schema and are exempt from the strict guard on purpose, as `guard: false` on a route of ours would be.
 */
export async function registerSwagger (app: FastifyInstance): Promise<void> {
  const { default: swagger } = await import('@fastify/swagger')
  app.addHook('onRoute', function exemptDocsRoutes (routeOptions) {
    if (routeOptions.url.startsWith(DOCS_PREFIX)) routeOptions.config = { ...routeOptions.config, guard: false }
  })
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 'Blog', version: '1.0.0' } } })
}

/** The OpenAPI 3.1 document at /documentation/json and Swagger UI at /documentation (dev dependencies). */
export async function registerDocs (app: FastifyInstance): Promise<void> {
  const { default: swaggerUi } = await import('@fastify/swagger-ui')
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX })
}

/** Writes the export to a temp name, then renames, so a reader never sees a half-written file. */
export async function writeExport (db: BlogDb, path: string, version: number, batchSize: number): Promise<number> {
  const partial = `${path}.${process.pid}.partial`
  const columns = Object.keys(PostCsvRow.properties)
  await pipeline(
    Readable.from(db.iteratePosts({ batchSize })),
    stringify({ header: true, columns, escape_formulas: true }),
    createWriteStream(partial))
  await rename(partial, path)
  return version
}

export function healthPage (posts: number): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Blog health</title></head>
<body>
<h1>Blog: ok</h1>
<p id="posts">${posts} posts</p>
</body>
</html>
`
}
