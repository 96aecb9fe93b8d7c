// reply.file against @fastify/static's reply.sendFile (both on @fastify/send): req/s on a 2 KiB file
// (autocannon) and MB/s on a 100 MiB one (target: at least as fast, ratio >= 1.0). autocannon
// counts a body's bytes only once it is complete, which for 100 MiB bodies makes its MB/s jump in
// steps of whole files; the large file is measured by a small client that counts every byte.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { httpVariant, LOAD_CORE, serverVariant, type Scenario, type Variant } from '../harness.js'

// Downloads a URL over `connections` keep-alive connections, again and again, for `seconds`;
// prints the bytes received and the time taken.
const CLIENT = `
const http = require('node:http')
const [url, seconds, connections] = process.argv.slice(1)
const agent = new http.Agent({ keepAlive: true })
const start = Date.now()
const end = start + Number(seconds) * 1000
let bytes = 0
function download () {
  if (Date.now() >= end) return Promise.resolve()
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error('status ' + res.statusCode))
      res.on('data', (chunk) => {
        bytes += chunk.length
        if (Date.now() >= end) { res.destroy(); resolve() }
      })
      res.on('end', resolve)
      res.on('error', resolve)
    }).on('error', reject)
  }).then(download)
}
Promise.all(Array.from({ length: Number(connections) }, download)).then(() => {
  process.stdout.write(JSON.stringify({ bytes, seconds: (Date.now() - start) / 1000 }) + '\\n')
  process.exit(0)
}, (err) => { console.error(err); process.exit(1) })
`

/** MB/s of one long-lived server on the 100 MiB file, counted by the download client on the load core. */
function largeFileVariant (label: string, variant: string): Variant {
  return serverVariant(label, 'reply-file', variant, 1, async (url, seconds) => {
    const child = spawn('taskset', ['-c', LOAD_CORE, process.execPath, '-e', CLIENT, url + '/large', String(seconds), '4'],
      { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
    const [code] = await once(child, 'exit')
    if (code !== 0) throw new Error(`${label}: the download client exited with ${code}`)
    const result = JSON.parse(out) as { bytes: number, seconds: number }
    // Work in MB: extra.cpuMicros is the server's CPU time per MB sent.
    return { value: result.bytes / result.seconds / 1e6, work: result.bytes / 1e6 }
  })
}

const scenarios: Scenario[] = [
  {
    name: 'reply-file: reply.file vs @fastify/static sendFile, 2 KiB',
    unit: 'req/s',
    target: 1.0,
    a: httpVariant('sendFile', 'reply-file', 'static', '/small'),
    b: httpVariant('reply.file', 'reply-file', 'file', '/small'),
  },
  {
    name: 'reply-file: reply.file vs @fastify/static sendFile, 100 MiB',
    unit: 'MB/s',
    target: 1.0,
    a: largeFileVariant('sendFile', 'static'),
    b: largeFileVariant('reply.file', 'file'),
  },
]

export default scenarios
