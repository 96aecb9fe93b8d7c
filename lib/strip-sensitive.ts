// The net under error bodies that no response schema covers: a copy of parsed JSON without the
// properties whose names look like secrets, at any depth.

export interface StrippedValue {
  value: unknown
  /** How many properties were dropped; 0 means `value` is the input itself. */
  dropped: number
}

function strip (value: unknown, isSensitive: (name: string) => boolean, count: { dropped: number }): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    let changed = false
    const items = value.map((item) => {
      const next = strip(item, isSensitive, count)
      if (next !== item) changed = true
      return next
    })
    return changed ? items : value
  }
  let copy: Record<string, unknown> | undefined
  const entries = Object.entries(value as Record<string, unknown>)
  for (const [key, item] of entries) {
    const next = isSensitive(key) ? undefined : strip(item, isSensitive, count)
    if (next === item) continue
    copy ??= { ...(value as Record<string, unknown>) }
    if (next === undefined) {
      delete copy[key]
      count.dropped++
    } else {
      copy[key] = next
    }
  }
  return copy ?? value
}

/** Drops every property whose name `isSensitive` matches, at any depth of `value` (parsed JSON). */
export function stripSensitiveNames (value: unknown, isSensitive: (name: string) => boolean): StrippedValue {
  const count = { dropped: 0 }
  const result = strip(value, isSensitive, count)
  return { value: result, dropped: count.dropped }
}
