// Shared by the reply.file / reply.attachment tests: a temp tree with a root folder, a folder
// outside it and links between them, and an app with the file helpers registered.
import { randomBytes } from 'node:crypto'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { replyHelpers } from '../../plugins/reply-helpers.js'
import type { ReplyHelpersOptions } from '../../types/options.js'
import { tempDir } from './temp.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export interface FileTree {
  /** The folder given as `root`. */
  root: string
  /** A folder beside the root, holding `secret.txt`. */
  outside: string
  /** 100 KiB of random bytes, in `root/data.bin`. */
  data: Buffer
  /** The text of `root/hello.txt`. */
  hello: string
  /** The text of `outside/secret.txt`. */
  secret: string
}

/**
 * root/hello.txt, root/data.bin, root/été.csv, root/sub/inner.txt, root/.env,
 * root/link-in -> root/hello.txt, root/link-out -> outside/secret.txt, root/dir-out -> outside,
 * outside/secret.txt.
 */
export async function fileTree (t: Teardown): Promise<FileTree> {
  const base = await tempDir(t, 'reply-file-test-')
  const root = join(base, 'root')
  const outside = join(base, 'outside')
  await mkdir(join(root, 'sub'), { recursive: true })
  await mkdir(outside)
  const data = randomBytes(100 * 1024)
  const hello = 'Hello, file!\n'
  const secret = 'TOP-SECRET-CONTENT'
  await writeFile(join(root, 'hello.txt'), hello)
  await writeFile(join(root, 'data.bin'), data)
  await writeFile(join(root, 'été.csv'), 'a,b\n1,2\n')
  await writeFile(join(root, 'sub', 'inner.txt'), 'inner')
  await writeFile(join(root, '.env'), secret)
  await writeFile(join(outside, 'secret.txt'), secret)
  await symlink(join(root, 'hello.txt'), join(root, 'link-in'))
  await symlink(join(outside, 'secret.txt'), join(root, 'link-out'))
  await symlink(outside, join(root, 'dir-out'))
  return { root, outside, data, hello, secret }
}

/** A Fastify app with the replyHelpers plugin (reply.file, reply.attachment and the rest). */
export async function fileApp (options: ReplyHelpersOptions = {}, server: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify(server)
  await app.register(replyHelpers, options)
  return app
}
