import { request } from 'undici'
import { fileApp, fileTree } from './helpers/reply-file.js'
const t = { teardown: (_fn: () => unknown) => {} }
const tree = await fileTree(t)
const app = await fileApp({ root: tree.root })
app.get('/files/*', (request, reply) => reply.file((request.params as Record<string, string>)['*']))
app.addHook('onRequest', async (request, reply) => {
  const t0 = Date.now()
  reply.raw.on('finish', () => console.log('res finish', Date.now() - t0))
  reply.raw.on('close', () => console.log('res close', Date.now() - t0))
  request.raw.on('end', () => console.log('req end', Date.now() - t0))
  request.raw.on('close', () => console.log('req close', Date.now() - t0))
  console.log('req complete?', request.raw.complete, request.raw.readableEnded)
})
app.addHook('onResponse', async (request) => { console.log('onResponse', request.raw.complete, request.raw.readableFlowing) })
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as any).port}`
const mode = process.env.M
if (mode === 'dump') { const r = await request(`${base}/files/data.bin`); await r.body.dump() }
if (mode === 'dumpsmall') { const r = await request(`${base}/files/hello.txt`); await r.body.dump() }
if (mode === 'read') { const r = await request(`${base}/files/data.bin`); await r.body.arrayBuffer() }
if (mode === 'r206') { const r = await request(`${base}/files/data.bin`, { headers: { range: 'bytes=0-9' } }); await r.body.arrayBuffer() }
if (mode === 'r416') { const r = await request(`${base}/files/data.bin`, { headers: { range: 'bytes=999999-' } }); await r.body.arrayBuffer() }
if (mode === 'ifr') { const r = await request(`${base}/files/data.bin`, { headers: { range: 'bytes=0-9', 'if-range': '"x"' } }); await r.body.arrayBuffer() }
if (mode === 'inm') { const r = await request(`${base}/files/data.bin`, { headers: { 'if-none-match': '*' } }); await r.body.arrayBuffer() }
if (mode === 'multi') { const r = await request(`${base}/files/data.bin`, { headers: { range: 'bytes=0-9,20-30' } }); await r.body.arrayBuffer() }
if (mode === 'ifrsmall') { const r = await request(`${base}/files/hello.txt`, { headers: { range: 'bytes=0-9', 'if-range': '"x"' } }); await r.body.arrayBuffer() }
const s = Date.now()
await app.close(); console.log(mode, 'closed in', Date.now() - s)
