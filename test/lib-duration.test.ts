import { test } from 'tap'
import { MAX_DELTA_SECONDS, parseDuration } from '../lib/duration.js'

test('durations: seconds or a whole number with a unit', async (t) => {
  t.equal(parseDuration(0), 0)
  t.equal(parseDuration(90), 90)
  t.equal(parseDuration('90s'), 90)
  t.equal(parseDuration('5m'), 300)
  t.equal(parseDuration('1h'), 3600)
  t.equal(parseDuration('7d'), 604800)
  t.equal(parseDuration('2w'), 1209600)
  t.equal(parseDuration('1y'), 31536000)
  t.equal(parseDuration(MAX_DELTA_SECONDS), 2147483648)
})

test('durations: negative, fractional, NaN, malformed or too large are refused', async (t) => {
  for (const bad of [-1, 1.5, NaN, Infinity, -Infinity, MAX_DELTA_SECONDS + 1, '-1s', '1.5h', '1', '1 h', 'h', '1H', '1mo', '', ' 1s',
    '99999y', '12345678901s', null, undefined, true, {}, [60]]) {
    t.equal(parseDuration(bad), undefined, `refuses ${JSON.stringify(bad) ?? String(bad)}`)
  }
})
