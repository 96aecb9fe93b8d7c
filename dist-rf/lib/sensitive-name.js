// Property names that look like secrets. String patterns match a name case-insensitively once
// separators are dropped, so 'api key' matches apiKey, api_key and X-Api-Key; RegExps match as given.
export const DEFAULT_SENSITIVE = ['password', 'secret', 'token', 'hash', 'api key', 'private key'];
/** Lower-case letters and digits only: 'Password_Hash' -> 'passwordhash'. */
function squash(name) {
    return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
/** A matcher for a list of patterns, built once. */
export function sensitiveMatcher(patterns) {
    const words = patterns.filter((p) => typeof p === 'string').map(squash).filter(w => w !== '');
    const regexps = patterns.filter((p) => p instanceof RegExp);
    return (name) => {
        const squashed = squash(name);
        for (const word of words)
            if (squashed.includes(word))
                return true;
        for (const regexp of regexps) {
            regexp.lastIndex = 0;
            if (regexp.test(name))
                return true;
        }
        return false;
    };
}
//# sourceMappingURL=sensitive-name.js.map