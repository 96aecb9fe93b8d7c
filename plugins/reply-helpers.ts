// replyHelpers: reply decorators for downloads, attachments, streams, CSV and NDJSON exports,
// safe redirects, HTML and text. Options are checked at registration; each helper marks the
// route's shared record (`helper`) so responseGuard can show it as exempt.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { RedirectStatus, ReplyHelpersOptions } from '../types/options.js'
import { ReplyKitBadOptionError, ReplyKitUnsafeRedirectError } from '../lib/errors.js'
import { resolveHelpersOptions } from '../lib/helpers-options.js'
import { safeRedirectLocation } from '../lib/safe-redirect.js'
import { registerFileHelpers } from './reply-helpers/file.js'
import { registerStreamHelpers } from './reply-helpers/stream.js'
import { registerSseHelper } from './reply-helpers/sse.js'
import { recordOfRequest } from './suite/route-record.js'
import '../types/fastify.js'

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

async function replyHelpersPlugin (fastify: FastifyInstance, options: ReplyHelpersOptions): Promise<void> {
  const { redirects, csv, etag } = resolveHelpersOptions(options)

  registerFileHelpers(fastify, options, etag)
  registerStreamHelpers(fastify, csv)
  registerSseHelper(fastify)

  fastify.decorateReply('safeRedirect', function (this: FastifyReply, url: string, status: RedirectStatus = 302) {
    markHelper(this, 'safeRedirect')
    if (!REDIRECT_STATUSES.has(status)) {
      return this.send(new ReplyKitBadOptionError('reply.safeRedirect status', `must be 301, 302, 303, 307 or 308, got ${JSON.stringify(status)}`))
    }
    const location = safeRedirectLocation(url, redirects.allowedOrigins, this.request.url) ?? redirects.fallback
    if (location === undefined) return this.send(new ReplyKitUnsafeRedirectError(JSON.stringify(String(url).slice(0, 200))))
    return this.code(status).header('location', location).send()
  })
  fastify.decorateReply('html', function (this: FastifyReply, markup: string, status?: number) {
    return sendText(this, 'html', 'text/html; charset=utf-8', markup, status)
  })
  fastify.decorateReply('text', function (this: FastifyReply, text: string, status?: number) {
    return sendText(this, 'text', 'text/plain; charset=utf-8', text, status)
  })
}

function markHelper (reply: FastifyReply, helper: string): void {
  const record = recordOfRequest(reply.request)
  if (record !== undefined) record.helper = helper
}

function sendText (reply: FastifyReply, helper: string, type: string, body: unknown, status: number | undefined): FastifyReply {
  markHelper(reply, helper)
  if (typeof body !== 'string') return reply.send(new ReplyKitBadOptionError(`reply.${helper} body`, `must be a string, got ${body === null ? 'null' : typeof body}`))
  if (status !== undefined) {
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      return reply.send(new ReplyKitBadOptionError(`reply.${helper} status`, `must be an integer from 200 to 599, got ${JSON.stringify(status)}`))
    }
    reply.code(status)
  }
  return reply.type(type).send(body)
}

export const replyHelpers = fp(replyHelpersPlugin, { fastify: '5.x', name: 'fastify-reply-kit/replyHelpers' })
export default replyHelpers
