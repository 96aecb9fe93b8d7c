// The replyHelpers options, checked once at registration (a bad value fails `app.ready()` with
// FST_REPLYKIT_BAD_OPTION naming the option) and resolved to their defaults.
import { ReplyKitBadOptionError } from './errors.js'
import { checkOptionKeys } from './option-keys.js'
import { resolveRedirectOptions } from './safe-redirect.js'

/** The replyHelpers option keys (a helper that adds an option adds its key here). */
export const HELPERS_OPTION_KEYS: readonly string[] = ['root', 'redirects', 'csv', 'etag']
const REDIRECT_KEYS = ['allowedOrigins', 'fallback']
const CSV_KEYS = ['bom', 'formulaEscape']

export interface ResolvedHelpersOptions {
  root: string | undefined
  redirects: { allowedOrigins: Set<string>, fallback: string | undefined }
  csv: { bom: boolean, formulaEscape: boolean }
  /** reply.file's default ETag. */
  etag: 'size-mtime' | 'content'
}

function optionalBoolean (value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new ReplyKitBadOptionError(name, `must be true or false, got ${JSON.stringify(value)}`)
  return value
}

export function resolveHelpersOptions (options: unknown): ResolvedHelpersOptions {
  const given = (options ?? {}) as { root?: unknown, redirects?: unknown, csv?: unknown, etag?: unknown }
  checkOptionKeys(given, HELPERS_OPTION_KEYS, { where: 'replyHelpers' })
  const { root, redirects, csv = {}, etag = 'size-mtime' } = given
  if (redirects !== null && typeof redirects === 'object') {
    checkOptionKeys(redirects, REDIRECT_KEYS, { where: 'replyHelpers redirects', fastify: false, path: 'redirects.' })
  }
  if (root !== undefined && (typeof root !== 'string' || root === '' || root.includes('\0'))) {
    throw new ReplyKitBadOptionError('root', `must be a folder path, got ${JSON.stringify(root)}`)
  }
  if (csv === null || typeof csv !== 'object') throw new ReplyKitBadOptionError('csv', 'must be an object { bom, formulaEscape }')
  checkOptionKeys(csv, CSV_KEYS, { where: 'replyHelpers csv', fastify: false, path: 'csv.' })
  if (etag !== 'size-mtime' && etag !== 'content') {
    throw new ReplyKitBadOptionError('etag', `must be 'size-mtime' or 'content', got ${JSON.stringify(etag)}`)
  }
  const { bom, formulaEscape } = csv as { bom?: unknown, formulaEscape?: unknown }
  return {
    root,
    redirects: resolveRedirectOptions(redirects),
    csv: { bom: optionalBoolean(bom, 'csv.bom', false), formulaEscape: optionalBoolean(formulaEscape, 'csv.formulaEscape', true) },
    etag,
  }
}
