// The example service against the chapter's own FastAPI service (bench/fastapi/app.py) on the same
// SQLite data, both logging at the same level (uvicorn at warning, ours at warn): GET /posts/5 in
// req/s (target 10x) and the streamed CSV export in rows/s (target 50x). Runs only when Debian's
// python3-fastapi, python3-uvicorn and python3-sqlalchemy are installed; otherwise it prints the
// command to install them and adds no scenario. And, informational, what the request log costs at
// `info` (the default of `npm start`) against `warn`.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { request } from 'undici'
import { autocannon, cpuSeconds, SERVER_CORE, serverVariant, startServer, type Scenario, type Variant } from '../harness.js'

// Debian's python3 (its dist-packages hold the apt-installed modules), not whichever python3 PATH finds first.
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3'
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const POSTS = Number(process.env.BENCH_BLOG_POSTS ?? 100_000)
const database = join(tmpdir(), `fastify-reply-kit-bench-blog-${POSTS}.db`)

type Load = (url: string, seconds: number) => Promise<{ value: number, work: number }>

const postLoad: Load = async (url, seconds) => {
  const result = await autocannon(`${url}/posts/5`, seconds)
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${result.errors} errors, ${result.non2xx} non-2xx answers`)
  return { value: result.requestsPerSecond, work: result.requests }
}

/** Downloads the whole CSV export at `path` again and again for `seconds` (at least once), one at a time. */
const exportLoad = (path: string): Load => async (url, seconds) => {
  let rows = 0
  const start = process.hrtime.bigint()
  const deadline = start + BigInt(Math.round(seconds * 1e9))
  do {
    const response = await request(`${url}${path}`)
    if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`)
    let lines = 0
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
    }
    if (lines - 1 !== POSTS) throw new Error(`${url}: ${lines - 1} rows, expected ${POSTS}`)
    rows += lines - 1 // the header line
  } while (process.hrtime.bigint() < deadline)
  return { value: rows / (Number(process.hrtime.bigint() - start) / 1e9), work: rows }
}
const csvLoad = exportLoad('/exports/large-posts.csv')

async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  return port
}

/** The FastAPI service, one uvicorn process pinned to the server core for the whole scenario. */
function fastapiVariant (label: string, per: number, load: Load): Variant {
  let child: ReturnType<typeof spawn> | undefined
  let url = ''
  return {
    label,
    start: async () => {
      // The example's bench server creates (and migrates) the shared database file on first open.
      await (await startServer('blog', 'kit')).close()
      const port = await freePort()
      child = spawn('taskset', ['-c', SERVER_CORE, PYTHON, '-m', 'uvicorn', 'app:app', '--app-dir', join(root, 'bench', 'fastapi'),
        '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, BLOG_DB: database } })
      url = `http://127.0.0.1:${port}`
      for (let tries = 0; ; tries++) {
        try {
          await (await request(`${url}/posts/1`)).body.dump()
          break
        } catch (error) {
          if (tries > 100 || child.exitCode !== null) throw new Error(`uvicorn did not start: ${String(error)}`)
          await new Promise(resolve => setTimeout(resolve, 100))
        }
      }
    },
    measure: async (seconds) => {
      const before = cpuSeconds(child!.pid!)
      const { value, work } = await load(url, seconds)
      return { value, extra: { cpuMicros: (cpuSeconds(child!.pid!) - before) / work * per * 1e6 }, process: child!.pid }
    },
    stop: async () => {
      if (child === undefined || child.exitCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    },
  }
}

const installed = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn, sqlalchemy'], { stdio: 'ignore' }).status === 0

const logCost: Scenario = {
  name: 'blog: request log at info (the default) vs warn, GET /posts/5 (informational)',
  unit: 'req/s',
  target: 0,
  a: serverVariant('log at warn', 'blog', 'kit-warn', 1, postLoad),
  b: serverVariant('log at info', 'blog', 'kit-info', 1, postLoad),
}

const scenarios: Scenario[] = installed
  ? [{
      name: 'fastapi: GET /posts/5, example service (log at warn) vs the chapter\'s FastAPI (uvicorn, log at warning)',
      unit: 'req/s',
      target: 10,
      a: fastapiVariant('FastAPI + uvicorn', 1, postLoad),
      b: serverVariant('example service', 'blog', 'kit-warn', 1, postLoad),
    }, {
      name: `fastapi: streamed CSV export (${POSTS} rows), example service vs the chapter's FastAPI`,
      unit: 'rows/s',
      target: 50,
      a: fastapiVariant('FastAPI StreamingResponse', 1000, csvLoad),
      b: serverVariant('example service reply.csv', 'blog', 'kit-warn', 1000, csvLoad),
    }, {
      // For reference, no target: FastAPI's export tuned by hand (column query, 1,000 rows per chunk).
      name: `fastapi: streamed CSV export (${POSTS} rows), example service vs FastAPI's export tuned by hand (informational)`,
      unit: 'rows/s',
      target: 0,
      a: fastapiVariant('FastAPI, batched by hand', 1000, exportLoad('/exports/large-posts-batched.csv')),
      b: serverVariant('example service reply.csv', 'blog', 'kit-warn', 1000, csvLoad),
    }, logCost]
  : [logCost]

if (!installed && (process.argv[2] === undefined || 'fastapi'.includes(process.argv[2]))) {
  console.error('fastapi: skipped, python3-fastapi, python3-uvicorn and python3-sqlalchemy are not installed. To run it:\n' +
    '  sudo apt-get install -y --no-install-recommends python3-fastapi python3-uvicorn python3-sqlalchemy && npm run bench -- fastapi\n' +
    `  (or by hand: BLOG_DB=${database} ${PYTHON} -m uvicorn app:app --app-dir bench/fastapi --host 127.0.0.1 --port 8000 --log-level warning)`)
}

export default scenarios
