// A bench server process: `node dist/bench/serve.js <module> <variant>[,<variant>...]` builds the app
// that bench/servers/<module>.ts makes for each variant, listens on loopback (one port per app) and
// prints their URLs as JSON: `{ url, urls }`, `url` being the first.
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { randomInt } from 'node:crypto'
import type { FastifyInstance } from 'fastify'

// Layout jitter. The same build runs about 20 % faster or slower from one process to the next
// depending on what was loaded before it (importing one more package, registering one more empty
// plugin), most likely because where V8 places hidden classes decides which hot property lookups collide in its
// caches. Without jitter, A and B each land on one layout every round and the ratio compares
// layouts, not code. A random number of extra hidden classes before anything else is loaded gives
// each process its own layout, so the medians over rounds compare the code.
const jitter: object[] = []
if (process.env.BENCH_JITTER !== '0') {
  for (let i = randomInt(0, 4096); i > 0; i--) jitter.push({ [`jitter${i}`]: i })
}

const [module, variants] = process.argv.slice(2)
const here = dirname(fileURLToPath(import.meta.url))
const { default: build } = await import(join(here, 'servers', `${module}.js`)) as { default: (variant: string) => Promise<FastifyInstance> }
const apps: FastifyInstance[] = []
const urls: string[] = []
for (const variant of variants.split(',')) {
  const app = await build(variant)
  await app.listen({ host: '127.0.0.1', port: 0 })
  apps.push(app)
  urls.push(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`)
}
process.stdout.write(JSON.stringify({ url: urls[0], urls }) + '\n')
process.on('SIGTERM', () => { Promise.all(apps.map(app => app.close())).then(() => process.exit(0), () => process.exit(1)) })
