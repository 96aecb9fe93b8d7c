// Shared by the end-to-end tests: find the system binaries (nginx, Debian's chromium), decide
// whether a missing one skips (a developer machine) or fails (CI=true), and run nginx as a child.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { accessSync, constants } from 'node:fs'
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { createServer, connect } from 'node:net'
import { delimiter, join } from 'node:path'
import { tempDir } from './temp.js'

interface Teardown { teardown: (fn: () => unknown) => void }

/** The first executable among `candidates` (bare names are looked up on PATH), else undefined. */
export function findBinary (candidates: string[]): string | undefined {
  for (const candidate of candidates) {
    const paths = candidate.includes('/')
      ? [candidate]
      : [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'].map((dir) => join(dir, candidate))
    for (const path of paths) {
      try {
        accessSync(path, constants.X_OK)
        return path
      } catch {}
    }
  }
  return undefined
}

export const inCI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0'

/**
 * tap's `skip` option for an end-to-end test: a message saying how to install the binary when it is
 * missing on a developer machine; false (run, and fail on the missing binary) when found or in CI.
 */
export function skipUnless (binary: string | undefined, name: string, pkg: string): string | false {
  if (binary !== undefined || inCI) return false
  return `${name} is not installed: run \`sudo apt-get install -y ${pkg}\` (CI installs it in .ci/run)`
}

/** A TCP port free on 127.0.0.1 right now (nginx needs a number in its config). */
export async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

async function waitForPort (port: number, exited: () => string | undefined): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const failure = exited()
    if (failure !== undefined) throw new Error(failure)
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => { socket.destroy(); resolve(true) })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    if (attempt > 200) throw new Error(`nothing listens on 127.0.0.1:${port} after 10 s`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * nginx as a shared cache in front of `upstreams` (location prefix -> upstream URL): its whole world (config, cache, temp files, pid,
 * logs) in a temp folder, in the foreground as a child process, killed in teardown. Responses carry
 * `X-Cache-Status` (HIT, MISS, BYPASS, EXPIRED... or empty when not cacheable).
 *
 * `proxy_ignore_headers Set-Cookie` makes nginx decide by Cache-Control alone, as many CDNs do: by
 * default nginx refuses to cache any response with Set-Cookie, which would hide exactly the mistake
 * (a public policy on a response that sets a cookie) these tests are about.
 */
export async function startNginx (t: Teardown, nginx: string, upstreams: Record<string, string>): Promise<{ base: string, errorLog: () => Promise<string> }> {
  const prefix = await tempDir(t, 'blog-nginx-')
  for (const sub of ['cache', 'tmp', 'logs']) await mkdir(join(prefix, sub))
  const port = await freePort()
  const conf = join(prefix, 'nginx.conf')
  await writeFile(conf, `
daemon off;
master_process off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log ${prefix}/logs/access.log;
  client_body_temp_path ${prefix}/tmp/client_body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  proxy_cache_path ${prefix}/cache levels=1:2 keys_zone=blog:1m max_size=64m inactive=10m use_temp_path=off;
  server {
    listen 127.0.0.1:${port};
${Object.entries(upstreams).map(([location, upstream]) => `
    location ${location} {
      proxy_pass ${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache blog;
      proxy_ignore_headers Set-Cookie;
      add_header X-Cache-Status $upstream_cache_status always;
    }`).join('\n')}
  }
}
`)
  const child = spawn(nginx, ['-c', conf, '-p', prefix, '-e', join(prefix, 'logs', 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const exitedEarly = (): string | undefined => child.exitCode !== null || child.signalCode !== null
    ? `nginx exited (${child.exitCode ?? child.signalCode}): ${stderr}`
    : undefined
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    }
  })
  await waitForPort(port, exitedEarly)
  return { base: `http://127.0.0.1:${port}`, errorLog: () => readFile(join(prefix, 'logs', 'error.log'), 'utf8') }
}
