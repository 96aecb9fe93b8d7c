// An HTTP/2 cleartext (h2c) client for the tests, over node:http2: one session per test, closed in
// teardown; each request resolves with its status, headers, body and how the stream ended (the
// RST_STREAM code the server sent, if any).
import { connect, constants, type ClientHttp2Session, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2'
import type { FastifyInstance } from 'fastify'

interface Teardown { teardown: (fn: () => unknown) => void }

export interface H2Answer {
  status: number
  headers: IncomingHttpHeaders
  /** Every Set-Cookie line, in order ([] when none). */
  setCookie: string[]
  body: Buffer
  /** The RST_STREAM error code the stream ended with; NGHTTP2_NO_ERROR (0) for a clean end. */
  rstCode: number
  /** True when the body ended with END_STREAM (a whole body), false when the stream was reset. */
  ended: boolean
}

/** Listens on 127.0.0.1 at a free port and opens one h2c session to it; both closed in teardown. */
export async function h2Session (t: Teardown, app: FastifyInstance): Promise<{ session: ClientHttp2Session, origin: string }> {
  t.teardown(() => app.close())
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address')
  const origin = `http://127.0.0.1:${address.port}`
  const session = connect(origin)
  session.on('error', () => {})
  t.teardown(() => new Promise<void>(resolve => session.close(() => resolve())))
  await new Promise<void>((resolve, reject) => {
    session.once('connect', () => resolve())
    session.once('error', reject)
  })
  return { session, origin }
}

/** One request on the session; resolves when the stream closes, however it closed. */
export function h2Request (session: ClientHttp2Session, path: string, headers: OutgoingHttpHeaders = {}, body?: string): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': body === undefined ? 'GET' : 'POST', ':path': path, ...headers }, { endStream: body === undefined })
    if (body !== undefined) stream.end(body)
    const chunks: Buffer[] = []
    let answer: IncomingHttpHeaders | undefined
    let ended = false
    stream.on('response', (h) => { answer = h })
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => { ended = true })
    stream.on('error', () => {})
    stream.on('close', () => {
      if (answer === undefined) {
        reject(new Error(`stream for ${path} closed without headers (rstCode ${stream.rstCode})`))
        return
      }
      const raw = answer['set-cookie']
      resolve({
        status: Number(answer[':status']),
        headers: answer,
        setCookie: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw],
        body: Buffer.concat(chunks),
        rstCode: stream.rstCode ?? constants.NGHTTP2_NO_ERROR,
        ended,
      })
    })
  })
}

/** Headers as http-cache-semantics wants them: plain strings, no HTTP/2 pseudo-headers. */
export function plainHeaders (headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || value === undefined) continue
    out[name] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return out
}
