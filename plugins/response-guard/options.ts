// responseGuard's options and route config, checked when the plugin registers and when a route is added.
import { ReplyKitBadOptionError } from '../../lib/errors.js'
import type { ResponseGuardOptions, RouteGuardConfig } from '../../types/options.js'

const MODES = ['strict', 'warn', 'off']
const ON_BYPASS = ['filter', 'error']

export function validateOptions (options: ResponseGuardOptions): void {
  if (options.mode !== undefined && !MODES.includes(options.mode)) {
    throw new ReplyKitBadOptionError('mode', `must be one of ${MODES.join(', ')}, got ${String(options.mode)}`)
  }
  if (options.onBypass !== undefined && !ON_BYPASS.includes(options.onBypass)) {
    throw new ReplyKitBadOptionError('onBypass', `must be one of ${ON_BYPASS.join(', ')}, got ${String(options.onBypass)}`)
  }
  if (options.requireSchema !== undefined && typeof options.requireSchema !== 'boolean') {
    throw new ReplyKitBadOptionError('requireSchema', 'must be a boolean')
  }
  validateSensitive('sensitive', options.sensitive)
}

function validateSensitive (name: string, sensitive: unknown): void {
  if (sensitive === undefined) return
  if (!Array.isArray(sensitive) || !sensitive.every(p => typeof p === 'string' || p instanceof RegExp)) {
    throw new ReplyKitBadOptionError(name, 'must be an array of strings and RegExps')
  }
}

export function routeGuardConfig (label: string, config: unknown): RouteGuardConfig | undefined {
  const guard = (config as { guard?: unknown } | undefined)?.guard
  if (guard === undefined || guard === false) return guard
  if (guard === null || typeof guard !== 'object' || Array.isArray(guard)) {
    throw new ReplyKitBadOptionError(`config.guard of ${label}`, 'must be false or { sensitive: [...] }')
  }
  validateSensitive(`config.guard.sensitive of ${label}`, (guard as { sensitive?: unknown }).sensitive)
  return guard as RouteGuardConfig
}
