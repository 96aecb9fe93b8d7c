import { test } from 'tap'
import { stripSensitiveNames } from '../lib/strip-sensitive.js'
import { sensitiveMatcher, DEFAULT_SENSITIVE } from '../lib/sensitive-name.js'

const isSensitive = sensitiveMatcher(DEFAULT_SENSITIVE)

test('drops secret-looking properties at any depth and counts them', async (t) => {
  const input = { id: 1, password_hash: 'x', list: [{ ok: true, apiKey: 'k' }, 3, null], deep: { a: { refresh_token: 't', b: 2 } } }
  const out = stripSensitiveNames(input, isSensitive)
  t.same(out.value, { id: 1, list: [{ ok: true }, 3, null], deep: { a: { b: 2 } } })
  t.equal(out.dropped, 3)
  t.same(input.deep.a, { refresh_token: 't', b: 2 }, 'the input is not changed')
})

test('a clean value comes back as itself', async (t) => {
  const input = { id: 1, list: [{ ok: true }, [1, 2]], name: 'ada' }
  const out = stripSensitiveNames(input, isSensitive)
  t.equal(out.value, input)
  t.equal(out.dropped, 0)
  t.equal(stripSensitiveNames('text', isSensitive).value, 'text')
})
