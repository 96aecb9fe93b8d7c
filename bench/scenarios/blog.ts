// The example service (examples/blog): GET /posts/:id in req/s (autocannon) and
// GET /exports/large-posts.csv (100,000 rows) in rows/s. The harness compares pairs, and the
// example has no peer: A is a plain Fastify app doing the same database reads by hand
// (bench/servers/blog.ts), so B/A is the price of the whole suite on a real endpoint.
// On a loaded machine req/s swing a lot, so each run also prints the server process's own CPU
// time per request (or per 1,000 rows), read from /proc: far less sensitive to other jobs.
import { request } from 'undici'
import { autocannon, serverVariant, type Measurement, type Scenario, type Variant } from '../harness.js'

/** A long-lived server of the example (or its plain twin), reporting the server's CPU per unit of work. */
function variant (label: string, name: string, unit: string, per: number,
  load: (url: string, seconds: number) => Promise<{ value: number, work: number }>): Variant {
  const served = serverVariant(label, 'blog', name, per, load)
  return {
    ...served,
    // The instruction-count mode counts the GET route (bench/instructions.ts).
    counted: per === 1 ? { module: 'blog', variants: name, index: 0, path: '/posts/42' } : undefined,
    measure: async (seconds): Promise<Measurement> => {
      const measurement = await served.measure(seconds)
      console.error(`  ${label}: ${measurement.value.toFixed(0)} ${unit}, server CPU ${measurement.extra!.cpuMicros.toFixed(1)} µs per ${per === 1 ? 'request' : `${per} rows`}`)
      return measurement
    },
  }
}

async function postLoad (url: string, seconds: number): Promise<{ value: number, work: number }> {
  const result = await autocannon(`${url}/posts/42`, seconds)
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${result.errors} errors, ${result.non2xx} non-2xx answers`)
  return { value: result.requestsPerSecond, work: result.requests }
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
