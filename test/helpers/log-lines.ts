// A pino destination that keeps every log line, parsed, for tests that assert what was logged.
import { Writable } from 'node:stream'

export interface LogLine { level: number, msg: string, [key: string]: unknown }

export function logCapture (): { stream: Writable, lines: LogLine[] } {
  const lines: LogLine[] = []
  const stream = new Writable({
    write (chunk, _encoding, done) {
      for (const text of String(chunk).split('\n')) if (text !== '') lines.push(JSON.parse(text) as LogLine)
      done()
    },
  })
  return { stream, lines }
}
