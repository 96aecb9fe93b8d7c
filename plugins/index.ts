// The package entry: every plugin of the suite, the replyKit umbrella, the hooks and the types.
import '../types/fastify.js'

export type * from '../types/options.js'
export * from '../lib/errors.js'

// ---- plugins (each helper adds its own export line here) ----
export { replyContext, useReply, useRequest } from './reply-context.js'
export { routeHeaders } from './route-headers.js'
export { secureCookies } from './secure-cookies.js'
export { responseGuard } from './response-guard.js'
export { cacheControl } from './cache-control.js'
export { replyHelpers } from './reply-helpers.js'
export { openApi, type OpenApiOptions } from './openapi.js'

// ---- the umbrella: every plugin above from one options object (plugins/reply-kit.ts) ----
export { replyKit } from './reply-kit.js'
export { replyKit as default } from './reply-kit.js'
