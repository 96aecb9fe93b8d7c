import { test } from 'tap'
import { createHash } from 'node:crypto'
import { ifNoneMatchMatches, weakEtag } from '../lib/etag.js'

test('weakEtag: weak, from the content, same for a string and its UTF-8 bytes', async (t) => {
  const tag = weakEtag('{"hello":"wörld"}')
  t.match(tag, /^W\/"[A-Za-z0-9_-]+"$/)
  t.equal(tag, weakEtag(Buffer.from('{"hello":"wörld"}')))
  t.equal(tag, `W/"${createHash('sha1').update(Buffer.from('{"hello":"wörld"}')).digest('base64url')}"`)
  t.not(tag, weakEtag('{"hello":"world"}'))
  t.equal(weakEtag(''), weakEtag(Buffer.alloc(0)))
})

test('ifNoneMatchMatches: * , lists and weak comparison', async (t) => {
  const tag = 'W/"abc"'
  t.ok(ifNoneMatchMatches('*', tag))
  t.ok(ifNoneMatchMatches(' * ', tag))
  t.ok(ifNoneMatchMatches('W/"abc"', tag))
  t.ok(ifNoneMatchMatches('"abc"', tag), 'a strong tag matches our weak one (weak comparison)')
  t.ok(ifNoneMatchMatches('"abc"', '"abc"'))
  t.ok(ifNoneMatchMatches('W/"abc"', '"abc"'))
  t.ok(ifNoneMatchMatches('"x", W/"y" ,\t"abc"', tag), 'a list')
  t.ok(ifNoneMatchMatches('"a,b", "abc"', tag), 'a comma inside a tag does not split it')
  t.ok(ifNoneMatchMatches('"a,b"', 'W/"a,b"'))
  t.ok(ifNoneMatchMatches('"abc"', 'abc'), 'an unquoted ETag of ours is compared by its text')
  t.notOk(ifNoneMatchMatches('"abcd"', tag))
  t.notOk(ifNoneMatchMatches('"ab"', tag))
  t.notOk(ifNoneMatchMatches('', tag))
  t.notOk(ifNoneMatchMatches('abc', tag), 'an unquoted tag is malformed, not a match')
  t.notOk(ifNoneMatchMatches('abc, "x"', tag))
  t.ok(ifNoneMatchMatches('abc, "abc"', tag), 'a malformed member is skipped, the rest still counts')
  t.notOk(ifNoneMatchMatches('"abc', tag), 'unterminated')
  t.notOk(ifNoneMatchMatches('W/*', tag), 'W/* is not *')
  t.notOk(ifNoneMatchMatches('"a", *x', tag))
})
