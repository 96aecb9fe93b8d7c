// The Content-Type of a file from its name, with `charset=utf-8` for text types so browsers do not
// guess an encoding (and, with nosniff, do not guess a type).
import mime from 'mime';
const TEXT_TYPE = /^(?:text\/|application\/(?:json|javascript|xml|ecmascript)\b|application\/[\w.+-]*\+(?:json|xml)\b)/i;
/** `type` with `; charset=utf-8` added when it is a text type without a charset parameter. */
export function withCharset(type) {
    return TEXT_TYPE.test(type) && !/;\s*charset=/i.test(type) ? `${type}; charset=utf-8` : type;
}
/** The media type for a filename's extension; `application/octet-stream` when unknown. */
export function mediaTypeOf(filename) {
    return withCharset(mime.getType(filename) ?? 'application/octet-stream');
}
//# sourceMappingURL=media-type.js.map