// The whole-suite route of bench/servers/reply-kit.ts built twice in one process: with this build
// ('current') and with an earlier build of the package ('baseline', from BENCH_BASELINE: a checkout
// of an earlier commit, built, with this repo's node_modules linked in). Answers issue 11's "not
// slower than the first round" on one harness, one Fastify and one set of dependencies.
import Fastify, { type FastifyInstance } from 'fastify'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import replyKit, { useReply } from '../../plugins/index.js'
import { kitRoute, type SuitePackage } from './reply-kit.js'

export default async function build (variant: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  if (variant === 'current') {
    await kitRoute(app, { default: replyKit as unknown as SuitePackage['default'], useReply })
  } else {
    const root = process.env.BENCH_BASELINE
    if (root === undefined || root === '') throw new Error('BENCH_BASELINE: the path of an earlier checkout, built (npm run build there)')
    await kitRoute(app, await import(pathToFileURL(join(root, 'dist/plugins/index.js')).href) as SuitePackage)
  }
  return app
}
