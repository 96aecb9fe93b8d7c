// `fastify-reply-kit audit <module> [--export name] [--json]`: loads the user's app (a factory or an
// instance), calls ready(), prints the per-route policy table and exits 1 on findings, 0 when clean,
// 2 on a usage or load error. The logic lives here, testable in process; the bin file only runs it.
import { isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { policyTable, type AuditedRoute } from '../testing/audit.js'

export interface CommandIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  /** ms of loading before the first progress line; default 1000. */
  progressAfter?: number
}

export const USAGE = `Usage: fastify-reply-kit audit <module> [--export name] [--json]

  <module>        a JavaScript module exporting the app: a Fastify instance, or a function
                  (sync or async) that returns one, as its default export or under --export
  --export name   the named export to use instead of the default export
  --json          print the table as JSON (for CI)

Exit status: 0 no findings, 1 findings, 2 usage or load error.
`

class UsageError extends Error {}

interface Arguments { module: string, exportName: string, json: boolean }

function parseArguments (argv: string[]): Arguments | 'help' {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') return 'help'
  if (argv[0] !== 'audit') throw new UsageError(`unknown command "${argv[0]}" (the only command is "audit")`)
  let module: string | undefined
  let exportName = 'default'
  let json = false
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--json') json = true
    else if (arg === '--help' || arg === '-h') return 'help'
    else if (arg === '--export') {
      const name = argv[++i]
      if (name === undefined || name.startsWith('--')) throw new UsageError('--export needs the name of an export')
      exportName = name
    } else if (arg.startsWith('--export=')) exportName = arg.slice('--export='.length)
    else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}"`)
    else if (module === undefined) module = arg
    else throw new UsageError(`one module only; got "${module}" and "${arg}"`)
  }
  if (module === undefined) throw new UsageError('audit needs the module that exports the app')
  return { module, exportName, json }
}

function isFastify (value: unknown): value is FastifyInstance {
  const app = value as Partial<FastifyInstance> | null
  return app !== null && typeof app === 'object' && typeof app.ready === 'function' && typeof app.inject === 'function' && typeof app.register === 'function'
}

/** Imports the module and returns the app it exports, or throws a LoadError saying what it found. */
async function loadApp (args: Arguments, cwd: string): Promise<FastifyInstance> {
  const path = isAbsolute(args.module) ? args.module : resolve(cwd, args.module)
  let namespace: Record<string, unknown>
  try {
    namespace = await import(pathToFileURL(path).href)
  } catch (error) {
    throw new LoadError(`cannot load ${args.module}: ${(error as Error).message}`)
  }
  if (!Object.hasOwn(namespace, args.exportName)) {
    const names = Object.keys(namespace)
    throw new LoadError(`${args.module} has no ${args.exportName === 'default' ? 'default export' : `export "${args.exportName}"`}; ` +
      `its exports: ${names.length === 0 ? 'none' : names.join(', ')} (choose one with --export name)`)
  }
  const exported = namespace[args.exportName]
  const what = args.exportName === 'default' ? 'the default export' : `export "${args.exportName}"`
  if (isFastify(exported)) return exported
  if (typeof exported !== 'function') {
    throw new LoadError(`${what} of ${args.module} is not a Fastify app or a function returning one (it is ${exported === null ? 'null' : typeof exported})`)
  }
  let app: unknown
  try {
    // Not `await exported()`: a Fastify instance is thenable, and awaiting it would start it here.
    app = exported()
    if (!isFastify(app)) app = await app
  } catch (error) {
    throw new LoadError(`${what} of ${args.module} failed: ${(error as Error).message}`)
  }
  if (!isFastify(app)) throw new LoadError(`${what} of ${args.module} returned ${app === null ? 'null' : typeof app}, not a Fastify app`)
  return app
}

class LoadError extends Error {}

/** Runs the command; resolves to the exit status. */
export async function runCommand (argv: string[], io: CommandIo): Promise<number> {
  let args: Arguments | 'help'
  try {
    args = parseArguments(argv)
  } catch (error) {
    io.stderr(`fastify-reply-kit: ${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (args === 'help') {
    io.stdout(USAGE)
    return 0
  }
  const started = Date.now()
  const progress = setInterval(() => {
    io.stderr(`fastify-reply-kit: still loading ${args.module} (${((Date.now() - started) / 1000).toFixed(1)}s)...\n`)
  }, io.progressAfter ?? 1000)
  let app: FastifyInstance | undefined
  let rows: AuditedRoute[]
  try {
    app = await loadApp(args, io.cwd)
    rows = await policyTable(app)
  } catch (error) {
    clearInterval(progress)
    io.stderr(`fastify-reply-kit: ${error instanceof LoadError ? error.message : `the app failed to start: ${(error as Error).message}`}\n`)
    await closeQuietly(app)
    return 2
  }
  clearInterval(progress)
  await closeQuietly(app)
  const findings = rows.reduce((sum, row) => sum + row.findings.length, 0)
  io.stdout(args.json ? `${JSON.stringify({ routes: rows, findings }, null, 2)}\n` : formatTable(rows, findings))
  return findings === 0 ? 0 : 1
}

async function closeQuietly (app: FastifyInstance | undefined): Promise<void> {
  try {
    await app?.close()
  } catch {
    // The audit's answer does not depend on a clean shutdown.
  }
}

const COLUMNS = ['method', 'url', 'cache', 'cookies', 'schema', 'findings'] as const

/** Plain text, one line per route (and one more per further finding), columns padded. */
export function formatTable (rows: AuditedRoute[], findings: number): string {
  const lines: string[][] = [COLUMNS.map(c => c.toUpperCase())]
  for (const row of rows) {
    const first = [row.method, row.url, row.cache === undefined ? '-' : row.cache === '' ? '(per request)' : row.cache,
      row.cookies.length === 0 ? '-' : row.cookies.join(', '), row.schema, row.findings[0] ?? '-']
    lines.push(first)
    for (const finding of row.findings.slice(1)) lines.push(['', '', '', '', '', finding])
  }
  const widths = COLUMNS.map((_, i) => Math.max(...lines.map(line => line[i].length)))
  const text = lines.map(line => line.map((cell, i) => i === line.length - 1 ? cell : cell.padEnd(widths[i])).join('  ').trimEnd())
  const routes = rows.length
  text.push('', `${routes} route${routes === 1 ? '' : 's'}, ${findings === 0 ? 'no findings' : `${findings} finding${findings === 1 ? '' : 's'}`}`)
  return `${text.join('\n')}\n`
}
