// auditRoutes: the start-up audit of responseGuard (and the route records of the suite) as data, so
// a test can assert that an app has no findings: `t.same(await auditRoutes(app), [])`.
import type { FastifyInstance } from 'fastify'
import type { ResponsePolicy } from '../types/options.js'
import { routeRecords } from '../plugins/suite/route-record.js'

export interface AuditFinding { method: string, url: string, finding: string }

/** One row of the policy table: a route, what the suite applies to it, and what the audit found. */
export interface AuditedRoute {
  method: string
  url: string
  /** The route's static Cache-Control ('' when computed per request), absent without a policy. */
  cache?: string
  /** The declared cookies the route may set. */
  cookies: string[]
  schema: ResponsePolicy['schema']
  findings: string[]
}

/**
 * Every route with its policies, after `app.ready()` (called here; a strict guard's rejection for
 * findings is not an error here: the findings are the answer). Fastify's automatic HEAD routes are
 * folded into their GET row.
 */
export async function policyTable (app: FastifyInstance): Promise<AuditedRoute[]> {
  const policies = (app as { responsePolicies?: () => ResponsePolicy[] }).responsePolicies
  if (typeof policies !== 'function') {
    throw new TypeError('auditRoutes: the app has no responseGuard (register replyKit or responseGuard before the routes)')
  }
  try {
    await app.ready()
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_REPLYKIT_GUARD_FINDINGS') throw error
  }
  const records = routeRecords(app)
  const rows = policies.call(app).map((policy, index): AuditedRoute => {
    const row: AuditedRoute = { method: policy.method, url: policy.url, cookies: [...(records[index]?.cookies ?? [])], schema: policy.schema, findings: policy.findings }
    if (policy.cache !== undefined) row.cache = policy.cache
    return row
  })
  const gets = new Set(rows.filter(row => row.method.split(',').includes('GET')).map(row => row.url))
  return rows.filter(row => !(row.method === 'HEAD' && gets.has(row.url) && row.findings.length === 0))
}

/** The findings of every route, one entry per finding; `[]` for an app the audit is happy with. */
export async function auditRoutes (app: FastifyInstance): Promise<AuditFinding[]> {
  const rows = await policyTable(app)
  return rows.flatMap(row => row.findings.map(finding => ({ method: row.method, url: row.url, finding })))
}
