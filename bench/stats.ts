// Statistics for the bench harness: medians, low percentiles and bootstrap confidence intervals of
// ratios between two variants measured in interleaved rounds.
import { randomInt } from 'node:crypto'

export function median (values: number[]): number {
  return percentile(values, 0.5)
}

/** The p-quantile (0..1) of `values`, linearly interpolated; NaN for none. */
export function percentile (values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((x, y) => x - y)
  const at = (sorted.length - 1) * p
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low)
}

/** One round of a scenario: what A and B measured in it, and the processes that served them. */
export interface RoundPair { a: number, b: number, cluster: string }

export interface Interval { estimate: number, low: number, high: number }

/**
 * The 95 % percentile-bootstrap interval of `statistic(aValues, bValues)` over interleaved rounds.
 * Rounds are resampled in pairs (A and B of one round stay together, so slow phases of the machine
 * hit both). When the rounds come from several server processes (clusters), whole processes are
 * resampled instead, so the interval includes the spread between processes; with fewer than 4
 * processes single rounds are resampled.
 */
export function bootstrap (pairs: RoundPair[], statistic: (a: number[], b: number[]) => number, resamples = 2000): Interval {
  const estimate = statistic(pairs.map(p => p.a), pairs.map(p => p.b))
  const byCluster = new Map<string, RoundPair[]>()
  for (const pair of pairs) byCluster.set(pair.cluster, [...(byCluster.get(pair.cluster) ?? []), pair])
  const groups = [...byCluster.values()]
  const units = groups.length >= 4 ? groups : pairs.map(p => [p])
  const draws: number[] = []
  for (let i = 0; i < resamples; i++) {
    const a: number[] = []
    const b: number[] = []
    for (let j = 0; j < units.length; j++) {
      for (const pair of units[randomInt(units.length)]) { a.push(pair.a); b.push(pair.b) }
    }
    draws.push(statistic(a, b))
  }
  return { estimate, low: percentile(draws, 0.025), high: percentile(draws, 0.975) }
}
