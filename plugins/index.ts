// The package entry: every plugin of the suite, the replyKit umbrella, the hooks and the types.
import '../types/fastify.js'

export type * from '../types/options.js'
export * from '../lib/errors.js'

// ---- plugins (each helper adds its own export line here) ----
