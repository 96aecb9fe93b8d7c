// reply.file against @fastify/static's reply.sendFile (both on @fastify/send): req/s on a 2 KiB file
// and MB/s on a 100 MiB one (target: at least as fast, ratio >= 1.0).
import { httpVariant, type Scenario } from '../harness.js'

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
    a: httpVariant('sendFile', 'reply-file', 'static', '/large', { metric: 'MB/s', connections: 4 }),
    b: httpVariant('reply.file', 'reply-file', 'file', '/large', { metric: 'MB/s', connections: 4 }),
  },
]

export default scenarios
