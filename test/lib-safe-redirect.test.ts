// lib/safe-redirect on its own: the base path, and a property check that whatever is accepted is
// either a same-origin path or a URL of an allowed origin, as WHATWG URL (the browser's parser) reads it.
import { test } from 'tap'
import fc from 'fast-check'
import { safeRedirectLocation, parseAllowedOrigin } from '../lib/safe-redirect.js'

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/
const allowed = new Set([parseAllowedOrigin('https://allowed.com')])

test('relative targets resolve against the request path; an absolute-form request URL is not a base', (t) => {
  t.equal(safeRedirectLocation('next', allowed, '/a/b?x=1'), '/a/next')
  t.equal(safeRedirectLocation('next', allowed, 'http://evil.com/a/'), '/next', 'absolute-form request targets fall back to /')
  t.equal(safeRedirectLocation('next', allowed), '/next')
  t.end()
})

test('anything accepted lands on this site or an allowed origin in a browser', (t) => {
  const pieces = fc.constantFrom('/', '\\', '//', '%2F', '%5C', '%252F', '.', '..', 'evil.com', 'allowed.com', '@', ':', 'https:', 'http:',
    'javascript:', '?', '#', ' ', '\t', 'é', 'https://allowed.com', 'https://evil.com', '%', '%2e', 'x')
  fc.assert(fc.property(fc.array(pieces, { maxLength: 8 }).map(parts => parts.join('')), (target) => {
    const location = safeRedirectLocation(target, allowed, '/page')
    if (location === undefined) return true
    // What a browser on https://site.example/page does with the Location we emit.
    const landed = new URL(location, 'https://site.example/page')
    const sameSite = landed.origin === 'https://site.example' && !/^[/\\]{2}/.test(decodeURIComponent(landed.pathname))
    const normalized = safeRedirectLocation(location, allowed, '/page') === location // already in its final form
    return normalized && (sameSite || allowed.has(landed.origin)) && landed.username === '' && !CONTROL.test(location)
  }), { numRuns: 5000 })
  t.pass('no accepted target leaves for another host')
  t.end()
})
