// Content-Disposition (RFC 6266) for downloads: the exact name in `filename*` (RFC 8187, UTF-8) and
// an ASCII `filename` fallback for old clients, transliterated (`été` -> `ete`) rather than `?t?`.
// The `content-disposition` package does the quoting and percent-encoding; this file decides which
// characters may reach it, so no filename can break the header or smuggle a second parameter.
import contentDisposition from 'content-disposition';
// C0 controls, DEL and C1 controls (CR/LF among them) would split or corrupt the header; bidi
// overrides and invisible marks let `invoice\u202Etxt.exe` display as `invoiceexe.txt`.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// Both separators become `_`: the name stays recognisable and no client reads a folder out of it.
const SEPARATORS = /[/\\]/g;
// A lone surrogate cannot be percent-encoded (encodeURIComponent throws): it becomes U+FFFD.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
// Letters that NFKD does not split into a base letter and a mark.
const LETTERS = new Map('ß:ss ẞ:SS æ:ae Æ:AE œ:oe Œ:OE ø:o Ø:O đ:d Đ:D ð:d Ð:D þ:th Þ:TH ł:l Ł:L ı:i ħ:h Ħ:H ŋ:n Ŋ:N ſ:s'
    .split(' ').map((pair) => pair.split(':')));
const SPECIAL_LETTERS = /[ßẞæÆœŒøØđĐðÐþÞłŁıħĦŋŊſ]/g;
// What the quoted `filename` keeps: letters, digits, space and punctuation that no parser treats
// specially. `"` and `\` need escapes that several clients do not undo; `;`, `=` and `*` would let a
// naive parser read a smuggled `filename*=` out of the fallback; `%` is percent-decoded by some.
// The exact name always travels in filename* when the fallback differs from it.
const NOT_PLAIN_ASCII = /[^A-Za-z0-9 !#$&'()+,\-.@[\]^_{}~]/g;
/** A filename with the characters that never belong in a download name removed or replaced. */
export function cleanFilename(filename) {
    const cleaned = filename.replace(LONE_SURROGATE, '\ufffd').replace(UNSAFE_CHARS, '').replace(SEPARATORS, '_').trim();
    return cleaned === '' ? 'download' : cleaned;
}
/** The ASCII stand-in of a filename: accents dropped, known letters spelled out, the rest `_`. */
export function asciiFilename(filename) {
    return filename
        .normalize('NFKD')
        .replace(COMBINING_MARKS, '')
        .replace(SPECIAL_LETTERS, (letter) => LETTERS.get(letter))
        .replace(/"/g, '\'')
        .replace(NOT_PLAIN_ASCII, '_');
}
/**
 * The Content-Disposition value for a download (or an inline display) named `filename`; without
 * a filename, the bare disposition type.
 */
export function buildContentDisposition(filename, options = {}) {
    const type = options.inline === true ? 'inline' : 'attachment';
    if (filename === undefined)
        return type;
    const name = cleanFilename(filename);
    return contentDisposition(name, { type, fallback: asciiFilename(name) });
}
//# sourceMappingURL=content-disposition.js.map