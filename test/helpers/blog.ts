// Shared by the blog tests: the example service on a temp database with few posts, on a real socket.
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp, type BlogOptions } from '../../examples/blog/app.js'
import { openBlogDb, type BlogDb } from '../../examples/blog/db.js'
import { request } from 'undici'
import { listen } from './server.js'
import { tempDir } from './temp.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export interface RunningBlog { base: string, app: FastifyInstance, db: BlogDb, dir: string }

export const TEST_POSTS = 50

/** The blog on a fresh temp database (TEST_POSTS posts unless told), listening on 127.0.0.1:0. */
export async function startBlog (t: Teardown, options: Omit<BlogOptions, 'db' | 'dbPath'> = {}): Promise<RunningBlog> {
  const dir = await tempDir(t)
  const db = openBlogDb({ path: join(dir, 'blog.db'), posts: options.posts ?? TEST_POSTS })
  t.teardown(() => db.close())
  const app = await buildApp({ ...options, db })
  const base = await listen(t, app)
  return { base, app, db, dir }
}

/** The Set-Cookie lines of a response (undici gives a string or an array). */
export function setCookieHeaders (headers: Record<string, string | string[] | undefined>): string[] {
  const value = headers['set-cookie']
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

export interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: string }

/** One request over the socket (undici), the whole body read as text. */
export async function call (url: string, options: { method?: 'GET' | 'HEAD' | 'POST', headers?: Record<string, string>, body?: string } = {}): Promise<Answer> {
  const response = await request(url, { method: options.method ?? 'GET', headers: options.headers, body: options.body })
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() }
}

/** POST a JSON body. */
export function postJson (url: string, value: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return call(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) })
}

/** Parses an error reply: JSON with statusCode, error, message (and code when it has one). */
export function errorBody (answer: Answer): { statusCode: number, code?: string, error: string, message: string } {
  if (!String(answer.headers['content-type']).startsWith('application/json')) throw new Error(`not JSON: ${String(answer.headers['content-type'])}`)
  return JSON.parse(answer.body)
}
