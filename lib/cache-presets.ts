// The built-in cache presets (the table of the contract). Users add or override them by name.
import type { CachePolicyShape } from './cache-policy.js'

export const BUILT_IN_PRESETS: Readonly<Record<string, Readonly<CachePolicyShape>>> = Object.freeze({
  public: Object.freeze({ public: true, maxAge: 60 }),
  private: Object.freeze({ private: true, noStore: true }),
  'no-store': Object.freeze({ noStore: true }),
  revalidate: Object.freeze({ noCache: true, etag: true }),
  immutable: Object.freeze({ public: true, maxAge: 31536000, immutable: true }),
})
