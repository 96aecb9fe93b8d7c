// One check for option keys and names, shared by every plugin of the suite: an unknown key or name
// fails with the valid ones listed and the closest one suggested ("did you mean `errors`?"), so a
// typo never passes for a silent default.
import { ReplyKitBadOptionError } from './errors.js'

/** The register options Fastify itself reads; they arrive in the plugin's options object too. */
export const FASTIFY_REGISTER_KEYS: readonly string[] = Object.freeze(['prefix', 'logLevel', 'logSerializers'])

/** Edit distance with adjacent swaps (optimal string alignment), case-insensitive. */
function distance (a: string, b: string): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)])
  for (let j = 1; j <= t.length; j++) rows[0][j] = j
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1)
    }
  }
  return rows[s.length][t.length]
}

/** The candidate closest to `word`, if it is close enough to be the likely intent. */
export function closestMatch (word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = distance(word, candidate)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  // One edit for short words, about a third of the letters for longer ones.
  return bestDistance <= Math.max(1, Math.floor(Math.max(word.length, 1) / 3)) ? best : undefined
}

/** "did you mean `errors`? Valid: a, b, c", for a name that is none of `valid`. */
export function suggestion (name: string, valid: Iterable<string>): string {
  const list = [...valid]
  const close = closestMatch(name, list)
  return `${close === undefined ? '' : `did you mean \`${close}\`? `}Valid: ${list.join(', ')}`
}

export interface KeyCheck {
  /** The plugin or option the keys belong to, for the message: 'cacheControl', 'cache policy'. */
  where: string
  /** Also accept Fastify's own register options (plugin options objects); default true. */
  fastify?: boolean
  /** A prefix for the option's name in the message: 'csv.' names `csv.bommm`. */
  path?: string
}

/**
 * Throws ReplyKitBadOptionError for the first key of `options` that is not in `valid`, listing the
 * valid keys and the closest one. Call it with a plugin's options object at registration.
 */
export function checkOptionKeys (options: object, valid: readonly string[], check: KeyCheck): void {
  const accepted = check.fastify === false ? valid : [...valid, ...FASTIFY_REGISTER_KEYS]
  for (const key of Object.keys(options)) {
    if (accepted.includes(key)) continue
    throw new ReplyKitBadOptionError(`${check.path ?? ''}${key}`, `is not an option of ${check.where}; ${suggestion(key, valid)}`)
  }
}
