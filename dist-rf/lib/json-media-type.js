// What counts as JSON for the response guard: application/json and every structured-syntax
// `+json` type (RFC 6839), e.g. application/problem+json or application/vnd.api+json.
/** The media type of a Content-Type value, lower-cased, without parameters ('' when absent). */
export function mediaTypeOf(contentType) {
    if (typeof contentType !== 'string')
        return '';
    const semicolon = contentType.indexOf(';');
    return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}
/** True for application/json and any type/subtype+json. */
export function isJsonMediaType(mediaType) {
    if (mediaType === 'application/json')
        return true;
    const slash = mediaType.indexOf('/');
    return slash > 0 && mediaType.endsWith('+json') && mediaType.length > slash + 6;
}
//# sourceMappingURL=json-media-type.js.map