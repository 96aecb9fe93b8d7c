// Weak entity tags (RFC 9110 section 8.8.3) for string and Buffer bodies, and If-None-Match
// matching (section 13.1.2): `*`, lists, and the weak comparison that If-None-Match calls for.
import { createHash } from 'node:crypto';
/** A weak ETag of the body: W/"<sha1 in base64url>". Weak: equal content, not byte-identical encoding. */
export function weakEtag(body) {
    return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}
/** The opaque tag of an entity-tag (without W/ and the quotes), for the weak comparison. */
function opaqueTag(etag) {
    const tag = etag.startsWith('W/') ? etag.slice(2) : etag;
    return tag.length >= 2 && tag.startsWith('"') && tag.endsWith('"') ? tag.slice(1, -1) : tag;
}
/**
 * Whether an If-None-Match value matches the current representation's ETag: `*` matches any, else
 * any entity-tag of the list whose opaque tag equals the ETag's (weak comparison). Entity-tags are
 * read quote-aware, since a comma is a legal character inside one.
 */
export function ifNoneMatchMatches(header, etag) {
    const wanted = opaqueTag(etag);
    const length = header.length;
    let i = 0;
    while (i < length) {
        const c = header.charCodeAt(i);
        if (c === 0x20 || c === 0x09 || c === 0x2c) {
            i++;
            continue;
        } // space, tab, comma
        let start = i;
        if (header.startsWith('W/', i))
            start += 2;
        let end;
        if (header.charCodeAt(start) === 0x22) { // a quoted entity-tag
            end = header.indexOf('"', start + 1);
            if (end === -1)
                return false; // unterminated: malformed, no match
            if (header.slice(start + 1, end) === wanted)
                return true;
            i = end + 1;
        }
        else { // `*`, or a malformed unquoted tag: read up to the next comma
            end = header.indexOf(',', start);
            if (end === -1)
                end = length;
            const token = header.slice(i, end).trim();
            if (token === '*')
                return true;
            i = end;
        }
    }
    return false;
}
//# sourceMappingURL=etag.js.map