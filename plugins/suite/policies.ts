// app.responsePolicies(): the table of the contract, read from the shared route records.
import type { ResponsePolicy } from '../../types/options.js'
import type { RouteRecord } from './route-record.js'

/** The guard's finding for a JSON route without a 2xx schema (a route answered by a helper drops it). */
export const MISSING_FINDING = 'no 2xx response schema (declare one, or set config: { guard: false } on a route that answers with a file, stream or text)'

/** One row per route the suite saw. */
export function responsePolicies (records: RouteRecord[]): ResponsePolicy[] {
  return records.map((record) => {
    // A route without a schema that has answered through a reply helper is not a JSON route.
    const helped = record.helper !== undefined && (record.schema === undefined || record.schema === 'missing')
    const policy: ResponsePolicy = {
      method: record.method,
      url: record.url,
      schema: helped ? 'exempt' : record.schema ?? 'missing',
      findings: helped ? record.findings.filter(f => f !== MISSING_FINDING) : [...record.findings],
    }
    if (record.cache !== undefined) policy.cache = record.cache
    if (record.cookies !== undefined) policy.cookies = [...record.cookies]
    return policy
  })
}
