// replyHelpers exports: reply.csv against csv-stringify piped into the reply (rows/s, target 3x),
// reply.csv's peak RSS for 1,000,000 and 5,000,000 rows (within 30 MB of each other), and
// reply.ndjson with a schema against JSON.stringify per row (rows/s, target 1.5x).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { cpuSeconds, LOAD_CORE, startServer, type RunningServer, type Scenario, type Variant } from '../harness.js'

const here = dirname(fileURLToPath(import.meta.url))
const ROWS = 1_000_000

/** Downloads `url` from the load core until `seconds` pass; every body must have `lines` lines. */
async function download (url: string, lines: number, seconds: number): Promise<{ downloads: number, lines: number, bytes: number, elapsed: number }> {
  const child = spawn('taskset', ['-c', LOAD_CORE, process.execPath, join(here, '..', 'rows-client.js'), url, String(lines), String(seconds)],
    { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
  const [code] = await once(child, 'exit')
  if (code !== 0) throw new Error(`rows client exited with ${code} for ${url}`)
  return JSON.parse(out)
}

/**
 * rows/s of one long-lived server variant: whole exports of `rows` rows, downloaded back to back. With
 * `perCpu`, rows per second of server CPU time instead, which the other processes of this shared
 * 2-core machine disturb far less than wall-clock time.
 */
function rowsVariant (label: string, module: string, variant: string, rows: number, headerLines: number, perCpu = false): Variant {
  let server: RunningServer | undefined
  return {
    label,
    start: async () => { server = await startServer(module, variant) },
    measure: async (seconds) => {
      const before = cpuSeconds(server!.child.pid!)
      const result = await download(`${server!.url}/export?rows=${rows}`, rows + headerLines, seconds)
      const used = cpuSeconds(server!.child.pid!) - before
      const total = result.downloads * rows
      return { value: perCpu ? total / used : total / result.elapsed, extra: { MBps: result.bytes / result.elapsed / 1e6 } }
    },
    stop: async () => { await server?.close() },
  }
}

/** Peak RSS (MB) of a fresh reply.csv server after one export of `rows` rows, plus `allowance` MB. */
function rssVariant (label: string, rows: number, allowance: number): Variant {
  return {
    label,
    measure: async () => {
      const server = await startServer('reply-csv', 'kit')
      try {
        await download(`${server.url}/export?rows=${rows}`, rows + 1, 0)
        const { maxRSS } = await (await fetch(`${server.url}/rss`)).json() as { maxRSS: number }
        const mb = maxRSS / 1e6
        console.error(`  ${label}: peak RSS ${mb.toFixed(1)} MB after ${rows} rows`)
        return { value: mb + allowance }
      } finally {
        await server.close()
      }
    },
  }
}

const scenarios: Scenario[] = [
  {
    name: 'reply.csv 1M rows x 5 columns vs csv-stringify piped into the reply',
    unit: 'rows/s',
    target: 3,
    a: rowsVariant('csv-stringify', 'reply-csv', 'csv-stringify', ROWS, 1),
    b: rowsVariant('reply.csv', 'reply-csv', 'kit', ROWS, 1),
  },
  {
    name: 'reply.csv 1M rows x 5 columns vs csv-stringify piped into the reply, per server CPU second',
    unit: 'rows/cpu-s',
    target: 3,
    a: rowsVariant('csv-stringify', 'reply-csv', 'csv-stringify', ROWS, 1, true),
    b: rowsVariant('reply.csv', 'reply-csv', 'kit', ROWS, 1, true),
  },
  {
    // B is "peak RSS at 1M rows + 30 MB", A is "peak RSS at 5M rows": B/A >= 1 means within 30 MB.
    name: 'reply.csv peak RSS: 5M rows within 30 MB of 1M rows',
    unit: 'MB',
    target: 1,
    a: rssVariant('5M rows', 5 * ROWS, 0),
    b: rssVariant('1M rows + 30 MB', ROWS, 30),
  },
  {
    name: 'reply.ndjson with a schema vs JSON.stringify per row',
    unit: 'rows/s',
    target: 1.5,
    a: rowsVariant('JSON.stringify per row', 'reply-ndjson', 'json-per-row', ROWS, 0),
    b: rowsVariant('reply.ndjson', 'reply-ndjson', 'kit', ROWS, 0),
  },
  {
    name: 'reply.ndjson with a schema vs JSON.stringify per row, per server CPU second',
    unit: 'rows/cpu-s',
    target: 1.5,
    a: rowsVariant('JSON.stringify per row', 'reply-ndjson', 'json-per-row', ROWS, 0, true),
    b: rowsVariant('reply.ndjson', 'reply-ndjson', 'kit', ROWS, 0, true),
  },
  {
    // Not in the issue, and no target (0): the same against JSON.stringify joined into the same
    // large writes, to show how much of the win is batching and how much the compiled serializer.
    name: 'reply.ndjson with a schema vs JSON.stringify per row, batched alike (informational)',
    unit: 'rows/s',
    target: 0,
    a: rowsVariant('JSON.stringify batched', 'reply-ndjson', 'json-batched', ROWS, 0),
    b: rowsVariant('reply.ndjson', 'reply-ndjson', 'kit', ROWS, 0),
  },
]

export default scenarios
