import { test } from 'tap'
import { mergeVary, normalizeVary } from '../lib/vary.js'

test('normalizeVary: lowercase, no duplicates, * wins', async (t) => {
  t.same(normalizeVary(['Accept-Encoding', 'accept-encoding', ' Origin ', '']), ['accept-encoding', 'origin'])
  t.same(normalizeVary(['Origin', '*', 'Accept']), ['*'])
  t.same(normalizeVary([]), [])
})

test('mergeVary: keeps existing names and spelling, appends new ones once', async (t) => {
  t.equal(mergeVary(undefined, ['accept-encoding']), 'accept-encoding')
  t.equal(mergeVary('Accept-Language, Origin', ['origin', 'accept-encoding']), 'Accept-Language, Origin, accept-encoding')
  t.equal(mergeVary(['Accept-Language', 'Origin,Cookie'], ['cookie']), 'Accept-Language, Origin, Cookie')
  t.equal(mergeVary(' ,Origin,, ', ['origin']), 'Origin', 'empty list members dropped')
  t.equal(mergeVary('', ['origin']), 'origin')
})

test('mergeVary: * on either side wins', async (t) => {
  t.equal(mergeVary('*', ['origin']), '*')
  t.equal(mergeVary('Origin', ['*']), '*')
  t.equal(mergeVary('Origin, *', []), '*')
})
