// The FastAPI chapter's blog, ported to Fastify with fastify-reply-kit. Each endpoint is the
// chapter's, answered the suite's way: cache policies in route config, declared cookies with secure
// attributes, response schemas that filter whatever a handler returns, helpers for files, CSV,
// NDJSON, HTML and redirects, and route headers.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import createError from '@fastify/error'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import replyKit, { useReply } from '../../plugins/index.js'
import { openBlogDb, slugify, type BlogDb, type UserRow } from './db.js'
import { readSession, sessionKeys, sessionValue } from './session.js'
import { createPostEvents } from './events.js'
import { healthPage, registerDocs, registerSwagger, writeExport } from './support.js'
import {
  ExportQuery, GoQuery, IdParams, LoginInput, LoginResult, Post, PostCsvRow, PostEdit, PostInput, PostList,
  PostListQuery, User, UserQuery,
} from './schemas.js'

export interface BlogOptions {
  /** An open database; else one is opened from `dbPath` / `posts` (and closed with the app). */
  db?: BlogDb
  dbPath?: string
  posts?: number
  logger?: FastifyServerOptions['logger']
  /** Rows per database read of the streamed exports. */
  exportBatchSize?: number
  /** The session cookie's key ring (first seals, all open); default from BLOG_SESSION_KEYS (session.ts). */
  sessionKeys?: Array<{ id: string, key: string | Buffer }>
  /** Serve the OpenAPI document and Swagger UI at /documentation (@fastify/swagger, @fastify/swagger-ui). */
  docs?: boolean
}

export const SESSION_COOKIE = '__Host-session_id'
export const LAST_VIEWED_COOKIE = 'last_viewed_post'
export const EXPORT_FILENAME = 'posts-été.csv'
const BODY_LIMIT = 64 * 1024

const NotFoundError = createError<'BLOG_NOT_FOUND', [string]>('BLOG_NOT_FOUND', '%s not found', 404)
const UnauthorizedError = createError<'BLOG_UNAUTHORIZED', []>('BLOG_UNAUTHORIZED', 'Log in first: no valid session cookie', 401)
const PreconditionRequiredError = createError<'BLOG_PRECONDITION_REQUIRED', [string]>('BLOG_PRECONDITION_REQUIRED',
  'PUT %s needs If-Match with the ETag of the post being edited (GET it first): no edit may overwrite one it has not seen', 428)
const BadCredentialsError = createError<'BLOG_BAD_CREDENTIALS', []>('BLOG_BAD_CREDENTIALS', 'Wrong email or password', 401)

declare module 'fastify' {
  interface FastifyRequest { user: UserRow | null }
}

function postIdOf (params: unknown): string | undefined {
  const id = (params as { id?: unknown }).id
  return typeof id === 'number' ? String(id) : undefined
}

/**
 * A post's validators from its updated_at alone (an ISO timestamp, written by every edit): a strong
 * ETag of id and timestamp (millisecond precision, no parsing), and Last-Modified.
 */
function postValidators (id: number, updatedAt: string | undefined): { etag: string, lastModified: string } | null {
  return updatedAt === undefined ? null : { etag: `"${id}.${updatedAt}"`, lastModified: updatedAt }
}

/** Service code with no `reply` in scope: it reaches the current reply through replyContext. */
function rememberLastViewed (postId: number): void {
  useReply().setCookie(LAST_VIEWED_COOKIE, String(postId))
}

export async function buildApp (options: BlogOptions = {}): Promise<FastifyInstance> {
  const db = options.db ?? openBlogDb({ path: options.dbPath, posts: options.posts })
  const exportDir = await mkdtemp(join(tmpdir(), 'blog-exports-'))
  const batchSize = options.exportBatchSize ?? 1000

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT }).withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onClose', async () => {
    if (options.db === undefined) db.close()
    await rm(exportDir, { recursive: true, force: true })
  })

  // @fastify/swagger before the suite (it could be after as well); swagger-ui's own routes (HTML,
  // static files, the document) are added after it, exempt from the guard: see registerDocs.
  if (options.docs === true) await registerSwagger(app)

  // The guard in strict mode: the app does not start if a JSON route lacks a response schema or a
  // schema lets data through. Routes answering with HTML, a file, a stream or a redirect (no JSON
  // body) say so with `guard: false`, as the guard's finding asks.
  await app.register(replyKit, {
    cache: {},
    cookies: {
      onlyDeclared: true,
      keys: options.sessionKeys ?? sessionKeys(),
      cookies: {
        // Both get the secure defaults (HttpOnly, Secure, SameSite=Lax, Path=/) on top of these.
        [LAST_VIEWED_COOKIE]: { maxAge: 30 * 24 * 3600 },
        // The session itself, sealed: user id and issue time, no server-side lookup (session.ts).
        [SESSION_COOKIE]: { maxAge: 8 * 3600, sameSite: 'strict', encrypted: true },
      },
    },
    helpers: { root: exportDir },
    guard: { mode: 'strict' },
    context: {},
    headers: { timing: 'server-timing' },
  })
  if (options.docs === true) await registerDocs(app)

  const postEvents = createPostEvents()
  app.decorateRequest('user', null)
  async function requireSession (request: { readCookie: (name: string) => string | undefined, user: UserRow | null }): Promise<void> {
    const session = readSession(request.readCookie(SESSION_COOKIE))
    const user = session === undefined ? undefined : db.user(session.uid)
    if (user === undefined) throw new UnauthorizedError()
    request.user = user
  }

  // ---- posts ----
  app.get('/posts/:id', {
    schema: { params: IdParams, response: { 200: Post } },
    config: {
      // Public by policy; the cookie set below makes cacheControl downgrade it to private. validate
      // reads only updated_at: a revalidation is answered 304 before the handler reads the post.
      cache: {
        preset: 'public',
        validate: (request) => { const { id } = request.params as { id: number }; return postValidators(id, db.postUpdatedAt(id)) },
      },
      cookies: [LAST_VIEWED_COOKIE],
      // Only a validated id: a 400 for /posts/abc does not echo the input back in a header.
      headers: { 'x-post-id': (request) => postIdOf(request.params) },
    },
  }, async (request) => {
    const post = db.post(request.params.id)
    if (post === undefined) throw new NotFoundError(`Post ${request.params.id}`)
    rememberLastViewed(post.id)
    return post // the raw row: the schema drops internal_notes
  })

  app.get('/posts', {
    schema: { querystring: PostListQuery, response: { 200: PostList } },
    config: { cache: { preset: 'public', maxAge: 60, etag: true } },
  }, async (request) => {
    const { after, limit } = request.query
    const posts = db.posts(after, limit + 1)
    const more = posts.length > limit
    if (more) posts.pop()
    return { posts, next: more ? posts[posts.length - 1].id : undefined }
  })

  app.get('/posts/latest', {
    schema: { response: { 200: Post } },
    config: { cache: 'public' },
  }, async () => {
    const post = db.latestPost()
    if (post === undefined) throw new NotFoundError('Latest post')
    return post
  })

  app.get('/posts/:id/or-latest', {
    schema: { params: IdParams, response: { 200: Post } },
    config: { cache: 'public' },
  }, async (request, reply) => {
    const post = db.post(request.params.id)
    if (post === undefined) return reply.safeRedirect('/posts/latest', 307)
    return post
  })

  app.post('/posts', {
    schema: { body: PostInput, response: { '2xx': Post } }, // one schema for 200 and 201
    config: { cache: 'no-store' },
  }, async (request, reply) => {
    const { slug, title, body } = request.body
    const { post, created } = db.savePost({ slug: slug ?? slugify(title), title, body })
    postEvents.publish(created ? 'created' : 'updated', post)
    reply.code(created ? 201 : 200)
    return post
  })

  // Optimistic concurrency: an edit must name the version it was made on (If-Match), else 428; a
  // stale one is a 412 and the row stays as it is. reply.fresh, not `validate`: read, check and
  // write run synchronously here, so no other request can change the row in between.
  app.put('/posts/:id', {
    schema: { params: IdParams, body: PostEdit, response: { 200: Post } },
    config: { cache: 'no-store' },
    preHandler: async (request) => { if (request.headers['if-match'] === undefined) throw new PreconditionRequiredError(request.url) },
  }, async (request, reply) => {
    const { id } = request.params
    const current = postValidators(id, db.postUpdatedAt(id))
    if (current === null) throw new NotFoundError(`Post ${id}`)
    if (reply.fresh(current)) return reply
    const post = db.editPost(id, request.body)
    /* c8 ignore next: the row was read in this same synchronous turn */
    if (post === undefined) throw new NotFoundError(`Post ${id}`)
    postEvents.publish('updated', post)
    reply.header('etag', postValidators(id, post.updated_at)!.etag)
    return post
  })

  // A live feed of created and updated posts, each through the Post schema (internal_notes never
  // leaves); a reconnecting EventSource resumes after its Last-Event-ID.
  app.get('/posts/events', {
    config: { cache: 'no-store', guard: false },
  }, (_request, reply) => reply.sse(({ signal, lastEventId }) => postEvents.feed(lastEventId, signal), { schema: Post }))

  // ---- users and sessions ----
  app.get('/users/:id', {
    schema: { params: IdParams, querystring: UserQuery, response: { 200: User } },
    config: { cache: 'private' },
  }, async (request, reply) => {
    const user = db.user(request.params.id)
    if (user === undefined) throw new NotFoundError(`User ${request.params.id}`)
    // On purpose, the raw row with password_hash, three ways around the types (an untyped reply);
    // the guard filters each of them.
    const raw = reply as unknown as FastifyReply
    if (request.query.via === 'string') return raw.type('application/json').send(JSON.stringify(user))
    if (request.query.via === 'status') raw.code(203) // no schema for 203: the 2xx schema still applies
    return user
  })

  app.post('/login', {
    schema: { body: LoginInput, response: { 200: LoginResult } },
    config: { cache: 'no-store', cookies: [SESSION_COOKIE] },
  }, async (request, reply) => {
    const user = await db.login(request.body.email, request.body.password)
    if (user === undefined) throw new BadCredentialsError()
    reply.setCookie(SESSION_COOKIE, sessionValue(user.id))
    return { user }
  })

  app.get('/profile', {
    schema: { response: { 200: User } },
    config: { cache: 'private' },
    preHandler: requireSession,
  }, async (request) => request.user as UserRow) // set by requireSession

  app.post('/logout', {
    config: { cache: 'no-store', guard: false, cookies: [SESSION_COOKIE, LAST_VIEWED_COOKIE] },
  }, async (_request, reply) => {
    // clearCookie uses each cookie's declared attributes, so the browser really drops them;
    // Clear-Site-Data does the same for browsers that honour it.
    reply.clearCookie(SESSION_COOKIE).clearCookie(LAST_VIEWED_COOKIE).clearSiteData()
    return reply.code(204).send()
  })

  app.get('/go', {
    schema: { querystring: GoQuery },
    config: { cache: 'no-store', guard: false },
  }, async (request, reply) => reply.safeRedirect(request.query.next))

  // ---- pages and exports ----
  app.get('/health', {
    config: { cache: 'no-store', guard: false },
  }, async (_request, reply) => reply.html(healthPage(db.countPosts())))

  // The CSV file is written to a temp folder once per database version, then served by reply.file
  // (Range, If-None-Match, If-Modified-Since, HEAD and Content-Disposition come with it).
  let written = -1
  let writing: Promise<void> | undefined
  async function exportFile (): Promise<void> {
    while (written !== db.version) {
      writing ??= writeExport(db, join(exportDir, 'posts.csv'), db.version, batchSize)
        .then((version) => { written = version })
        .finally(() => { writing = undefined })
      await writing
    }
  }
  // The response media types are declared so the OpenAPI document shows them (Fastify does not
  // serialize a stream through them; the guard counts non-JSON-only routes as exempt).
  app.get('/exports/posts.csv', {
    schema: { response: { 200: { content: { 'text/csv': { schema: PostCsvRow } } } } },
    config: { cache: 'public', guard: false },
  }, async (_request, reply) => {
    await exportFile()
    return reply.file('posts.csv', { filename: EXPORT_FILENAME })
  })

  app.get('/exports/large-posts.csv', {
    schema: { querystring: ExportQuery, response: { 200: { content: { 'text/csv': { schema: PostCsvRow } } } } },
    config: { cache: 'no-store', guard: false },
  }, async (request, reply) => reply.csv(
    (signal) => db.iteratePostSummaries({ batchSize, limit: request.query.limit, signal }),
    { schema: PostCsvRow, filename: 'large-posts.csv' }))

  app.get('/exports/posts.ndjson', {
    schema: { querystring: ExportQuery, response: { 200: { content: { 'application/x-ndjson': { schema: Post } } } } },
    config: { cache: 'no-store', guard: false },
  }, async (request, reply) => reply.ndjson(
    (signal) => db.iteratePosts({ batchSize, limit: request.query.limit, signal }),
    { schema: Post, filename: 'posts.ndjson' }))

  return app
}
