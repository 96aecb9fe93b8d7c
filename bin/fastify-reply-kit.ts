#!/usr/bin/env node
// The package bin: `fastify-reply-kit audit <module> [--export name] [--json]` (see ./audit.ts).
import { runCommand } from './audit.js'

process.exitCode = await runCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
})
// An app that keeps a handle open after close() (a timer, a pool) must not hang a CI job.
setTimeout(() => process.exit(), 2000).unref()
