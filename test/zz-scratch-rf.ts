import { utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { request } from 'undici'
import { fileApp, fileTree } from './helpers/reply-file.js'
const t = { teardown: (_fn: () => unknown) => {} }
const tree = await fileTree(t)
const app = await fileApp({ root: tree.root })
app.get('/files/*', (request, reply) => reply.file((request.params as Record<string, string>)['*']))
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as any).port}`
const future = new Date(Date.now() + 3600_000)
await utimes(join(tree.root, 'data.bin'), future, future)
console.log('a')
const res = await request(`${base}/files/data.bin`)
console.log(res.statusCode, res.headers)
await res.body.dump()
console.log('b')
if (process.env.R2) {
const r2 = await request(`${base}/files/data.bin`, { headers: { range: 'bytes=0-9', 'if-range': res.headers['last-modified'] as string } })
console.log(r2.statusCode, r2.headers)
console.log((await r2.body.arrayBuffer()).byteLength)
}
console.log('closing'); await app.close(); console.log('closed')
