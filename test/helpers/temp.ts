// A temp folder for one test, removed in teardown.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

interface Teardown { teardown: (fn: () => unknown) => void }

export async function tempDir (t: Teardown, prefix = 'blog-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}
