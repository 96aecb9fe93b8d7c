// Checks for header names and values before they reach Node's http layer, which would throw
// ERR_INVALID_CHAR mid-response (or, for CR/LF, is the classic response-splitting hole).
// Each check returns the reason it failed, or undefined when the input is fine.
// RFC 9110 section 5.6.2: token = 1*tchar.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What Node's http layer accepts in a value: HTAB, visible ASCII, space, and obs-text (0x80-0xFF).
const INVALID_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
// Framing is Fastify's and Node's job: a declared one would corrupt the response.
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection']);
/** Why `name` cannot be a declared response header, or undefined if it can. */
export function headerNameProblem(name) {
    if (!TOKEN.test(name))
        return `${JSON.stringify(name)} is not a valid header name (RFC 9110 token)`;
    if (FRAMING.has(name.toLowerCase()))
        return `${name} is a framing header that Fastify sets itself`;
    return undefined;
}
/** Why `value` cannot be sent as a header value, or undefined if it can. */
export function headerValueProblem(value) {
    if (typeof value !== 'string')
        return `the value is ${value === null ? 'null' : typeof value}, not a string`;
    const match = INVALID_VALUE_CHAR.exec(value);
    if (match === null)
        return undefined;
    const char = match[0];
    const at = `at index ${match.index}`;
    if (char === '\r')
        return `the value contains CR ${at}`;
    if (char === '\n')
        return `the value contains LF ${at}`;
    if (char === '\0')
        return `the value contains NUL ${at}`;
    const code = 'U+' + char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return char.charCodeAt(0) > 0xff
        ? `the value contains ${code} ${at}, outside Latin-1 (percent-encode it)`
        : `the value contains the control character ${code} ${at}`;
}
//# sourceMappingURL=header-value.js.map