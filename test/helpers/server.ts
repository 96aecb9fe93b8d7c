// Shared by the tests: start an app on a real socket (127.0.0.1, port 0) and close it in teardown.
import type { FastifyInstance } from 'fastify'

interface Teardown { teardown: (fn: () => unknown) => void }

/** Listens on 127.0.0.1 at a free port; returns the base URL (no trailing slash). */
export async function listen (t: Teardown, app: FastifyInstance): Promise<string> {
  t.teardown(() => app.close())
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address')
  return `http://127.0.0.1:${address.port}`
}
