// docs/errors.md lists every error code of lib/errors.ts, with the status the constructor sets.
import { test } from 'tap'
import { readFile } from 'node:fs/promises'
import * as errors from '../lib/errors.js'

test('every FST_REPLYKIT_* code has a row in docs/errors.md with its status', async (t) => {
  const doc = await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8')
  const rows = new Map([...doc.matchAll(/^\| `(FST_REPLYKIT_[A-Z_]+)` \| (\d{3}) \|/gm)].map(m => [m[1], Number(m[2])]))
  type Make = (...args: string[]) => { code: string, statusCode: number }
  const constructors = (Object.values(errors) as unknown[]).filter((value): value is Make => typeof value === 'function')
  t.ok(constructors.length >= 20)
  for (const make of constructors) {
    const error = make('a', 'b')
    t.equal(rows.get(error.code), error.statusCode, `${error.code} is documented with status ${error.statusCode}`)
    rows.delete(error.code)
  }
  t.same([...rows.keys()], [], 'no row for a code that does not exist')
})
