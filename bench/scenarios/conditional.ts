// Conditional requests and multipart ranges (issue 14).
// 1. GET /posts/:id revalidated (If-None-Match), answered 304: by a `validate` reading one indexed
//    column before the handler, against `etag: true` hashing the body the handler built. Target 2x.
// 2. bytes/s of a 206 multipart/byteranges (8 parts of 1 MiB) against one range of the same 8 MiB.
//    Target 0.8.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { request } from 'undici'
import { LOAD_CORE, serverVariant, type Scenario, type Variant } from '../harness.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const MiB = 1024 * 1024

/** req/s of 304 answers: autocannon with the ETag of a first GET as If-None-Match; every answer must be a 304. */
async function notModifiedRate (url: string, seconds: number): Promise<{ value: number, work: number }> {
  const first = await request(`${url}/posts/42`)
  await first.body.dump()
  const etag = first.headers.etag as string
  const check = await request(`${url}/posts/42`, { headers: { 'if-none-match': etag } })
  await check.body.dump()
  if (check.statusCode !== 304) throw new Error(`expected a 304, got ${check.statusCode}`)
  const child = spawn('taskset', ['-c', LOAD_CORE, process.execPath, join(root, 'node_modules', 'autocannon', 'autocannon.js'),
    '--json', '-d', String(seconds), '-c', '50', '-H', `if-none-match=${etag}`, `${url}/posts/42`], { stdio: ['ignore', 'pipe', 'ignore'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
  const [code] = await once(child, 'exit')
  if (code !== 0) throw new Error(`autocannon exited with ${code}`)
  const summary = JSON.parse(out)
  const notModified = summary.statusCodeStats?.['304']?.count ?? 0
  if (summary.errors + summary.timeouts > 0 || notModified !== summary.requests.total) {
    throw new Error(`${summary.errors} errors, ${notModified} of ${summary.requests.total} answers were 304`)
  }
  return { value: summary.requests.average, work: summary.requests.total }
}

// Downloads a URL with a Range header over `connections` keep-alive connections for `seconds`;
// every answer must be a 206; prints the bytes received and the time taken.
const CLIENT = `
const http = require('node:http')
const [url, seconds, connections, range] = process.argv.slice(1)
const agent = new http.Agent({ keepAlive: true })
const start = Date.now()
const end = start + Number(seconds) * 1000
let bytes = 0
function download () {
  if (Date.now() >= end) return Promise.resolve()
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { range } }, (res) => {
      if (res.statusCode !== 206) reject(new Error('status ' + res.statusCode))
      res.on('data', (chunk) => { bytes += chunk.length })
      res.on('end', resolve)
      res.on('error', reject)
    }).on('error', reject)
  }).then(download)
}
Promise.all(Array.from({ length: Number(connections) }, download)).then(() => {
  process.stdout.write(JSON.stringify({ bytes, seconds: (Date.now() - start) / 1000 }) + '\\n')
  process.exit(0)
}, (err) => { console.error(err); process.exit(1) })
`

function rangeVariant (label: string, range: string): Variant {
  return serverVariant(label, 'conditional', 'ranges', 1, async (url, seconds) => {
    const child = spawn('taskset', ['-c', LOAD_CORE, process.execPath, '-e', CLIENT, `${url}/data.bin`, String(seconds), '4', range],
      { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
    const [code] = await once(child, 'exit')
    if (code !== 0) throw new Error(`${label}: the download client exited with ${code}`)
    const result = JSON.parse(out) as { bytes: number, seconds: number }
    return { value: result.bytes / result.seconds / 1e6, work: result.bytes / 1e6 }
  })
}

// 8 parts of 1 MiB, 1 MiB apart (never coalesced), and one range of the same 8 MiB.
const PARTS = Array.from({ length: 8 }, (_, i) => `${i * 2 * MiB}-${i * 2 * MiB + MiB - 1}`).join(',')

const scenarios: Scenario[] = [
  {
    name: 'conditional: 304 before the handler (validate, one indexed column) vs etag: true hashing the body',
    unit: 'req/s',
    target: 2.0,
    a: serverVariant('etag: true', 'conditional', 'etag', 1, notModifiedRate),
    b: serverVariant('validate', 'conditional', 'validate', 1, notModifiedRate),
  },
  {
    name: 'conditional: multipart/byteranges (8 x 1 MiB) vs one 8 MiB range',
    unit: 'MB/s',
    target: 0.8,
    a: rangeVariant('single range', `bytes=0-${8 * MiB - 1}`),
    b: rangeVariant('multipart', `bytes=${PARTS}`),
  },
]

export default scenarios
