// lib/header-value and lib/server-timing: checked against Node's own header validation (an
// independent implementation) with generated input, plus the formats.
import { test } from 'tap'
import fc from 'fast-check'
import { validateHeaderName, validateHeaderValue } from 'node:http'
import { headerNameProblem, headerValueProblem } from '../lib/header-value.js'
import { appendServerTiming, responseTimeValue, serverTimingEntry } from '../lib/server-timing.js'

const nodeAccepts = (check: () => void): boolean => {
  try {
    check()
    return true
  } catch {
    return false
  }
}

test('a value passes our check exactly when Node would send it', async (t) => {
  const chars = fc.oneof(fc.constantFrom('\r', '\n', '\0', '\t', ' ', '\x7f', '\x80', '\xff', '€', '\u0100', 'a'), fc.string({ maxLength: 1, unit: 'binary' }))
  fc.assert(fc.property(fc.array(chars, { maxLength: 12 }).map(parts => parts.join('')), (value) => {
    return (headerValueProblem(value) === undefined) === nodeAccepts(() => validateHeaderValue('x-test', value))
  }), { numRuns: 3000 })
  t.pass('3000 generated values agree with node:http')
})

test('a name that passes our check is one Node accepts; framing headers are refused', async (t) => {
  fc.assert(fc.property(fc.string({ maxLength: 8, unit: 'binary-ascii' }), (name) => {
    const ours = headerNameProblem(name) === undefined
    return !ours || nodeAccepts(() => validateHeaderName(name))
  }), { numRuns: 3000 })
  for (const name of ['x-post-id', 'ETag', "a!#$%&'*+-.^_`|~9"]) t.equal(headerNameProblem(name), undefined, name)
  for (const name of ['content-length', 'Transfer-Encoding', 'connection']) t.match(headerNameProblem(name), /framing header/)
  for (const name of ['', 'a b', 'a:b', 'a\r', 'é', '(x)']) t.match(headerNameProblem(name), /not a valid header name/)
})

test('value problems name the character and where it is', async (t) => {
  t.equal(headerValueProblem(''), undefined)
  t.equal(headerValueProblem('tab\tand obs-text \xe9'), undefined)
  t.equal(headerValueProblem('a\rb'), 'the value contains CR at index 1')
  t.equal(headerValueProblem('\nb'), 'the value contains LF at index 0')
  t.equal(headerValueProblem('ab\0'), 'the value contains NUL at index 2')
  t.equal(headerValueProblem('\x1b[31m'), 'the value contains the control character U+001B at index 0')
  t.equal(headerValueProblem('x\x7f'), 'the value contains the control character U+007F at index 1')
  t.equal(headerValueProblem('日本'), 'the value contains U+65E5 at index 0, outside Latin-1 (percent-encode it)')
  t.equal(headerValueProblem(undefined), 'the value is undefined, not a string')
  t.equal(headerValueProblem(null), 'the value is null, not a string')
  t.equal(headerValueProblem(['a']), 'the value is object, not a string')
})

test('timing formats', async (t) => {
  t.equal(serverTimingEntry('app', 12.345), 'app;dur=12.3')
  t.equal(serverTimingEntry('app', 0), 'app;dur=0.0')
  t.equal(responseTimeValue(3.06), '3.1ms')
  t.equal(appendServerTiming(undefined, 'app;dur=1.0'), 'app;dur=1.0')
  t.equal(appendServerTiming('', 'app;dur=1.0'), 'app;dur=1.0')
  t.equal(appendServerTiming('db;dur=5', 'app;dur=1.0'), 'db;dur=5, app;dur=1.0')
  t.equal(appendServerTiming(['db;dur=5', '', 'cache'], 'app;dur=1.0'), 'db;dur=5, cache, app;dur=1.0')
  t.equal(appendServerTiming([], 'app;dur=1.0'), 'app;dur=1.0')
})
