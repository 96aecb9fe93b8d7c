// TypeBox schemas for every body, parameter and response of the blog. Response schemas list what
// may leave the server: the guard serializes every JSON body through them, so columns such as
// `internal_notes` and `password_hash` never reach a client even when a handler returns the raw row.
import { Type } from '@sinclair/typebox'

/** `:id` of /posts/:id and /users/:id. */
export const IdParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
}, { additionalProperties: false })

/** A post's unique key in URLs and upserts: lower-case letters and digits, single hyphens between. */
export const Slug = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })

export const Post = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  body: Type.String(),
  author_id: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
}, { additionalProperties: false })

/** The columns of the CSV exports, in this order. */
export const PostCsvRow = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  author_id: Type.Integer(),
  created_at: Type.String(),
}, { additionalProperties: false })

export const PostList = Type.Object({
  posts: Type.Array(Post),
  /** Pass as `after` for the next page; absent on the last page. */
  next: Type.Optional(Type.Integer()),
}, { additionalProperties: false })

export const PostListQuery = Type.Object({
  after: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
}, { additionalProperties: false })

export const ExportQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false })

export const PostInput = Type.Object({
  /** Upsert key: the post with this slug is updated (200), else created (201). Absent: made from the title. */
  slug: Type.Optional(Slug),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  body: Type.String({ maxLength: 10_000 }),
}, { additionalProperties: false })

/** PUT /posts/:id: the new title and body of an existing post. */
export const PostEdit = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  body: Type.String({ maxLength: 10_000 }),
}, { additionalProperties: false })

export const User = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  created_at: Type.String(),
}, { additionalProperties: false })

export const UserQuery = Type.Object({
  /** How the handler tries to send the raw row; the guard filters each of them. */
  via: Type.Union([Type.Literal('object'), Type.Literal('string'), Type.Literal('status')], { default: 'object' }),
}, { additionalProperties: false })

export const LoginInput = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
}, { additionalProperties: false })

export const LoginResult = Type.Object({
  user: User,
}, { additionalProperties: false })

export const GoQuery = Type.Object({
  next: Type.String({ minLength: 1, maxLength: 2048 }),
}, { additionalProperties: false })
