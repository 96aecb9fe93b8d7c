// Every error the suite throws, in one place: @fastify/error constructors with FST_REPLYKIT_* codes.
// Messages are printf-style (%s) so each names the route, cookie, file or option at fault.
// The named export, not the default: the emitted .d.ts then names the constructor type through
// import("@fastify/error"), which every moduleResolution sees; through a default import it is a
// namespace that bundler and node10 consumers cannot find (TS2503).
import { createError } from '@fastify/error'

// Options and route config: thrown while registering, so `app.ready()` rejects.
export const ReplyKitBadOptionError = createError<'FST_REPLYKIT_BAD_OPTION', [string, string]>(
  'FST_REPLYKIT_BAD_OPTION', 'Invalid option %s: %s', 500)
export const ReplyKitBadCachePolicyError = createError<'FST_REPLYKIT_BAD_CACHE_POLICY', [string, string]>(
  'FST_REPLYKIT_BAD_CACHE_POLICY', 'Invalid cache policy for %s: %s', 500)
export const ReplyKitBadHeaderError = createError<'FST_REPLYKIT_BAD_HEADER', [string, string]>(
  'FST_REPLYKIT_BAD_HEADER', 'Invalid header value for %s: %s', 500)

// secureCookies: thrown at the setCookie/clearCookie call site.
export const ReplyKitCookieNameError = createError<'FST_REPLYKIT_COOKIE_NAME', [string, string]>(
  'FST_REPLYKIT_COOKIE_NAME', 'Invalid cookie name %s: %s', 500)
export const ReplyKitCookiePrefixError = createError<'FST_REPLYKIT_COOKIE_PREFIX', [string, string]>(
  'FST_REPLYKIT_COOKIE_PREFIX', 'Cookie %s breaks its prefix rule: %s', 500)
export const ReplyKitCookieSameSiteError = createError<'FST_REPLYKIT_COOKIE_SAMESITE', [string, string]>(
  'FST_REPLYKIT_COOKIE_SAMESITE', 'Cookie %s has an invalid SameSite: %s', 500)
export const ReplyKitCookiePartitionedError = createError<'FST_REPLYKIT_COOKIE_PARTITIONED', [string, string]>(
  'FST_REPLYKIT_COOKIE_PARTITIONED', 'Cookie %s has an invalid Partitioned: %s', 500)
export const ReplyKitCookieAttributeError = createError<'FST_REPLYKIT_COOKIE_ATTRIBUTE', [string, string]>(
  'FST_REPLYKIT_COOKIE_ATTRIBUTE', 'Cookie %s has an invalid attribute: %s', 500)
export const ReplyKitCookieTooLargeError = createError<'FST_REPLYKIT_COOKIE_TOO_LARGE', [string, string]>(
  'FST_REPLYKIT_COOKIE_TOO_LARGE', 'Cookie %s is too large: %s', 500)
export const ReplyKitCookieMaxAgeError = createError<'FST_REPLYKIT_COOKIE_MAX_AGE', [string, string]>(
  'FST_REPLYKIT_COOKIE_MAX_AGE', 'Cookie %s has an invalid maxAge: %s', 500)
export const ReplyKitCookieExpiresError = createError<'FST_REPLYKIT_COOKIE_EXPIRES', [string, string]>(
  'FST_REPLYKIT_COOKIE_EXPIRES', 'Cookie %s has an invalid expires: %s', 500)
export const ReplyKitCookieUndeclaredError = createError<'FST_REPLYKIT_COOKIE_UNDECLARED', [string]>(
  'FST_REPLYKIT_COOKIE_UNDECLARED', 'Cookie %s is not declared and onlyDeclared is set', 500)
export const ReplyKitCookieNotForRouteError = createError<'FST_REPLYKIT_COOKIE_NOT_FOR_ROUTE', [string, string]>(
  'FST_REPLYKIT_COOKIE_NOT_FOR_ROUTE', 'Cookie %s is not in config.cookies of route %s (onlyDeclared is set): add it to the route\'s config.cookies', 500)
export const ReplyKitCookieRawError = createError<'FST_REPLYKIT_COOKIE_RAW', [string, string, string]>(
  'FST_REPLYKIT_COOKIE_RAW', 'A raw Set-Cookie line for cookie %s on route %s breaks a rule (%s); write it with reply.setCookie, or set rawCookies to \'secure\' to drop such lines', 500)

// replyHelpers.
export const ReplyKitFileNotFoundError = createError<'FST_REPLYKIT_FILE_NOT_FOUND', [string]>(
  'FST_REPLYKIT_FILE_NOT_FOUND', 'File not found: %s', 404)
export const ReplyKitFileForbiddenError = createError<'FST_REPLYKIT_FILE_FORBIDDEN', [string]>(
  'FST_REPLYKIT_FILE_FORBIDDEN', 'File path is outside the root or not allowed: %s', 403)
export const ReplyKitBadStreamSourceError = createError<'FST_REPLYKIT_BAD_STREAM_SOURCE', [string]>(
  'FST_REPLYKIT_BAD_STREAM_SOURCE', 'Invalid stream source: %s', 500)
export const ReplyKitHeadersSentError = createError<'FST_REPLYKIT_HEADERS_SENT', [string]>(
  'FST_REPLYKIT_HEADERS_SENT', 'Header %s cannot be set: the response\'s headers left with its first byte; set it before the source yields its first item', 500)
export const ReplyKitUnsafeRedirectError = createError<'FST_REPLYKIT_UNSAFE_REDIRECT', [string]>(
  'FST_REPLYKIT_UNSAFE_REDIRECT', 'Unsafe redirect target refused: %s', 400)
export const ReplyKitSseFieldError = createError<'FST_REPLYKIT_SSE_FIELD', [string, string]>(
  'FST_REPLYKIT_SSE_FIELD', 'Invalid Server-Sent Event %s: %s', 500)
export const ReplyKitSseWriteTimeoutError = createError<'FST_REPLYKIT_SSE_WRITE_TIMEOUT', [string]>(
  'FST_REPLYKIT_SSE_WRITE_TIMEOUT', 'reply.sse: %s', 500)

// Conditional requests: cacheControl's validators, reply.fresh, reply.file.
export const ReplyKitPreconditionFailedError = createError<'FST_REPLYKIT_PRECONDITION_FAILED', [string, string]>(
  'FST_REPLYKIT_PRECONDITION_FAILED', 'Precondition failed for %s: %s', 412)
export const ReplyKitValidatorError = createError<'FST_REPLYKIT_VALIDATOR', [string, string]>(
  'FST_REPLYKIT_VALIDATOR', 'The validators of %s could not be read: %s', 500)

// responseGuard.
export const ReplyKitNoSchemaForStatusError = createError<'FST_REPLYKIT_NO_SCHEMA_FOR_STATUS', [string, number]>(
  'FST_REPLYKIT_NO_SCHEMA_FOR_STATUS', 'Route %s has no response schema for status %s', 500)
export const ReplyKitSchemaBypassError = createError<'FST_REPLYKIT_SCHEMA_BYPASS', [string, string]>(
  'FST_REPLYKIT_SCHEMA_BYPASS', 'Route %s tried to send a JSON body around its response schema: %s', 500)
export const ReplyKitGuardFindingsError = createError<'FST_REPLYKIT_GUARD_FINDINGS', [string]>(
  'FST_REPLYKIT_GUARD_FINDINGS', 'responseGuard found unsafe response schemas:\n%s', 500)

// replyContext.
export const ReplyKitNoContextError = createError<'FST_REPLYKIT_NO_CONTEXT', [string]>(
  'FST_REPLYKIT_NO_CONTEXT', '%s', 500)

// The suite as a whole (plugins/suite/, replyKit): mistakes in how the parts are registered.
export const ReplyKitRouteUnseenError = createError<'FST_REPLYKIT_ROUTE_UNSEEN', [string]>(
  'FST_REPLYKIT_ROUTE_UNSEEN', '%s', 500)
export const ReplyKitAlreadyRegisteredError = createError<'FST_REPLYKIT_ALREADY_REGISTERED', [string]>(
  'FST_REPLYKIT_ALREADY_REGISTERED', '%s', 500)
export const ReplyKitPartDisabledError = createError<'FST_REPLYKIT_PART_DISABLED', [string]>(
  'FST_REPLYKIT_PART_DISABLED', '%s', 500)
