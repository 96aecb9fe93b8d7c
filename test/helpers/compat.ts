// Shared by the compatibility tests (test/compat-*.test.ts): an app with another plugin registered
// before or after the whole suite, so each test runs in both orders.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import replyKit from '../../plugins/index.js'
import type { ReplyKitOptions } from '../../types/options.js'

export type Order = 'before' | 'after'
export const ORDERS: readonly Order[] = ['before', 'after']

/** Registers the other plugin(s); awaited so that its hooks and decorators are in place. */
export type RegisterPeer = (app: FastifyInstance) => Promise<unknown>

/** A Fastify app with `peer` registered before or after `replyKit(kit)`. */
export async function appWith (order: Order, peer: RegisterPeer, kit: ReplyKitOptions = {}, server: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify(server)
  if (order === 'before') await peer(app)
  await app.register(replyKit, kit)
  if (order === 'after') await peer(app)
  return app
}

/** Every Set-Cookie line of an answer's headers ([] when none). */
export function setCookieLines (headers: Record<string, unknown>): string[] {
  const value = headers['set-cookie']
  if (value === undefined) return []
  return Array.isArray(value) ? value.map(String) : [String(value)]
}
