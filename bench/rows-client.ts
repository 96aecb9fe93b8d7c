// The load side of the row-export benchmarks, run pinned to the load core:
// `node dist/bench/rows-client.js <url> <expectedLines> <seconds>` downloads the export again and
// again until `seconds` have passed (at least once), checks the first body has all its lines and
// every later one the same length (counting lines costs the client more than the server's own
// work at these rates), and prints { downloads, lines, bytes, elapsed } as JSON.
import { request } from 'undici'

const [url, expectedText, secondsText] = process.argv.slice(2)
const expected = Number(expectedText)
const seconds = Number(secondsText)

let downloads = 0
let lines = 0
let bytes = 0
const start = process.hrtime.bigint()
const elapsed = (): number => Number(process.hrtime.bigint() - start) / 1e9
let firstLength = -1
do {
  const res = await request(url)
  if (res.statusCode !== 200) throw new Error(`${url}: status ${res.statusCode}`)
  let count = 0
  let length = 0
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    length += chunk.length
    if (firstLength === -1) for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++
  }
  if (firstLength === -1) {
    if (count !== expected) throw new Error(`${url}: ${count} lines, expected ${expected}`)
    firstLength = length
  } else if (length !== firstLength) {
    throw new Error(`${url}: ${length} bytes, the first download had ${firstLength}`)
  }
  bytes += length
  lines += expected
  downloads++
} while (elapsed() < seconds)
process.stdout.write(JSON.stringify({ downloads, lines, bytes, elapsed: elapsed() }) + '\n')
