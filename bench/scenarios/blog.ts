// The example service (examples/blog): GET /posts/:id in req/s (autocannon) and
// GET /exports/large-posts.csv (100,000 rows) in rows/s. The harness compares pairs, and the
// example has no peer: A is a plain Fastify app doing the same database reads by hand
// (bench/servers/blog.ts), so B/A is the price of the whole suite on a real endpoint.
// On a loaded machine req/s swing a lot, so each run also prints the server process's own CPU
// time per request (or per 1,000 rows), read from /proc: far less sensitive to other jobs.
import { readFileSync } from 'node:fs'
import { request } from 'undici'
import { autocannon, startServer, type Measurement, type Scenario, type Variant } from '../harness.js'

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds (pid: number): number {
  // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

/** Starts the server, runs `load`, and reports its figure with the server's CPU per unit of work. */
function variant (label: string, name: string, unit: string, per: number,
  load: (url: string, seconds: number) => Promise<{ value: number, work: number }>): Variant {
  return {
    label,
    measure: async (seconds): Promise<Measurement> => {
      const server = await startServer('blog', name)
      try {
        const before = cpuSeconds(server.child.pid!)
        const { value, work } = await load(server.url, seconds)
        const cpu = (cpuSeconds(server.child.pid!) - before) / work * per * 1e6
        console.error(`  ${label}: ${value.toFixed(0)} ${unit}, server CPU ${cpu.toFixed(1)} µs per ${per === 1 ? 'request' : `${per} rows`}`)
        return { value, extra: { cpu } }
      } finally {
        await server.close()
      }
    },
  }
}

async function postLoad (url: string, seconds: number): Promise<{ value: number, work: number }> {
  const result = await autocannon(`${url}/posts/42`, seconds)
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${result.errors} errors, ${result.non2xx} non-2xx answers`)
  return { value: result.requestsPerSecond, work: result.requestsPerSecond * seconds }
}

/** Downloads the whole CSV export again and again for `seconds`, one request at a time. */
async function csvLoad (url: string, seconds: number): Promise<{ value: number, work: number }> {
  let rows = 0
  const start = process.hrtime.bigint()
  const deadline = start + BigInt(Math.round(seconds * 1e9))
  do {
    const response = await request(`${url}/exports/large-posts.csv`)
    if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`)
    let lines = 0
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
    }
    rows += lines - 1 // the header line
  } while (process.hrtime.bigint() < deadline)
  return { value: rows / (Number(process.hrtime.bigint() - start) / 1e9), work: rows }
}

const scenarios: Scenario[] = [
  {
    name: 'blog GET /posts/:id',
    unit: 'req/s',
    target: 0, // informational: the example has no peer, its figures are absolute (see bench/README.md)
    a: variant('plain Fastify, same read', 'plain', 'req/s', 1, postLoad),
    b: variant('example service (replyKit)', 'kit', 'req/s', 1, postLoad),
  },
  {
    name: 'blog GET /exports/large-posts.csv (100,000 rows)',
    unit: 'rows/s',
    target: 0, // informational: the example has no peer, its figures are absolute (see bench/README.md)
    a: variant('plain Fastify + csv-stringify', 'plain', 'rows/s', 1000, csvLoad),
    b: variant('example service reply.csv', 'kit', 'rows/s', 1000, csvLoad),
  },
]

export default scenarios
