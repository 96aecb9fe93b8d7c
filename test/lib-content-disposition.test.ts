// buildContentDisposition, read back with content-disposition's parse (an independent parser).
import { test } from 'tap'
import { validateHeaderValue } from 'node:http'
import fc from 'fast-check'
import { parse } from 'content-disposition'
import { asciiFilename, buildContentDisposition, cleanFilename } from '../lib/content-disposition.js'

/** The quoted `filename` parameter as written, without any unescaping. */
function fallbackOf (header: string): string | undefined {
  return /; filename="([^"]*)"/.exec(header)?.[1]
}

test('attachment and inline, with or without a filename', async (t) => {
  t.equal(buildContentDisposition(), 'attachment')
  t.equal(buildContentDisposition(undefined, { inline: true }), 'inline')
  t.equal(buildContentDisposition('report.pdf'), 'attachment; filename="report.pdf"')
  t.equal(buildContentDisposition('report.pdf', { inline: true }), 'inline; filename="report.pdf"')
  t.equal(buildContentDisposition('report.pdf', { inline: false }), 'attachment; filename="report.pdf"')
})

test('names outside ASCII: filename* in UTF-8 and a transliterated fallback', async (t) => {
  const cases: Array<[string, string]> = [
    ['été.csv', 'ete.csv'],
    ['Résumé 2024.pdf', 'Resume 2024.pdf'],
    ['Straße Ærø Œuvre.txt', 'Strasse AEro OEuvre.txt'],
    ['Łódź þing.txt', 'Lodz thing.txt'],
    ['日本語.pdf', '___.pdf'],
    ['ﬁle.txt', 'file.txt'],
    ['emoji 😀.txt', 'emoji __.txt'],
  ]
  for (const [name, fallback] of cases) {
    const header = buildContentDisposition(name)
    t.equal(fallbackOf(header), fallback, name)
    t.match(header, /; filename\*=UTF-8''/, name)
    t.same(parse(header), { type: 'attachment', parameters: { filename: name } }, name)
  }
})

test('hostile names never break the header', async (t) => {
  const cases: Array<[string, string]> = [
    ['a"b.txt', 'a"b.txt'],
    ['a\\b.txt', 'a_b.txt'],
    ['dir/sub/file.txt', 'dir_sub_file.txt'],
    ['..\\..\\windows\\evil.exe', '.._.._windows_evil.exe'],
    ['../../etc/passwd', '.._.._etc_passwd'],
    ['a\r\nSet-Cookie: x=1.txt', 'aSet-Cookie: x=1.txt'],
    ['a\nb\rc\0d\u0007e\u007ff\u0085.txt', 'abcdef.txt'],
    ['semi;colon.txt', 'semi;colon.txt'],
    ['a.txt"; filename*=UTF-8\'\'evil.exe', 'a.txt"; filename*=UTF-8\'\'evil.exe'],
    ['a.txt; filename=evil.exe', 'a.txt; filename=evil.exe'],
    ['invoice\u202Etxt.exe', 'invoicetxt.exe'],
    ['zero\u200Bwidth\uFEFF.txt', 'zerowidth.txt'],
    ['100%41.txt', '100%41.txt'],
    ['lone \ud800 surrogate.txt', 'lone \ufffd surrogate.txt'],
    ['', 'download'],
    ['  \r\n ', 'download'],
  ]
  for (const [name, expected] of cases) {
    const header = buildContentDisposition(name)
    t.doesNotThrow(() => validateHeaderValue('content-disposition', header), `${JSON.stringify(name)}: a valid header value`)
    t.match(header, /^[\x20-\x7e]+$/, `${JSON.stringify(name)}: printable ASCII only`)
    const parsed = parse(header)
    t.same(parsed, { type: 'attachment', parameters: { filename: expected } }, JSON.stringify(name))
    const fallback = fallbackOf(header) as string
    t.match(fallback, /^[A-Za-z0-9 !#$&'()+,\-.@[\]^_{}~]+$/, `${JSON.stringify(name)}: a plain fallback`)
    t.notOk(header.slice(header.indexOf('filename*=') + 1).includes('filename*='), `${JSON.stringify(name)}: one filename* only`)
  }
  // A naive reader that takes the first `filename*=` must still get the real name.
  const smuggled = buildContentDisposition('a.txt"; filename*=UTF-8\'\'evil.exe')
  t.equal(smuggled.match(/filename\*=/g)?.length, 1)
})

test('cleanFilename and asciiFilename', async (t) => {
  t.equal(cleanFilename(' name.txt '), 'name.txt')
  t.equal(asciiFilename('a"b'), 'a\'b')
  t.equal(asciiFilename('x=y*z;%'), 'x_y_z__')
})

test('any string gives a valid header that parses back to the cleaned name', async (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.boolean(), (name, inline) => {
    const header = buildContentDisposition(name, { inline })
    validateHeaderValue('content-disposition', header)
    const parsed = parse(header)
    return /^[\x20-\x7e]+$/.test(header) &&
      parsed.type === (inline ? 'inline' : 'attachment') &&
      parsed.parameters.filename === cleanFilename(name)
  }), { numRuns: 2000 })
  t.pass('2000 random names')
})
