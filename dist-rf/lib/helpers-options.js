// The replyHelpers options, checked once at registration (a bad value fails `app.ready()` with
// FST_REPLYKIT_BAD_OPTION naming the option) and resolved to their defaults.
import { ReplyKitBadOptionError } from './errors.js';
import { resolveRedirectOptions } from './safe-redirect.js';
function optionalBoolean(value, name, fallback) {
    if (value === undefined)
        return fallback;
    if (typeof value !== 'boolean')
        throw new ReplyKitBadOptionError(name, `must be true or false, got ${JSON.stringify(value)}`);
    return value;
}
export function resolveHelpersOptions(options) {
    const { root, redirects, csv = {} } = (options ?? {});
    if (root !== undefined && (typeof root !== 'string' || root === '' || root.includes('\0'))) {
        throw new ReplyKitBadOptionError('root', `must be a folder path, got ${JSON.stringify(root)}`);
    }
    if (csv === null || typeof csv !== 'object')
        throw new ReplyKitBadOptionError('csv', 'must be an object { bom, formulaEscape }');
    const { bom, formulaEscape } = csv;
    return {
        root,
        redirects: resolveRedirectOptions(redirects),
        csv: { bom: optionalBoolean(bom, 'csv.bom', false), formulaEscape: optionalBoolean(formulaEscape, 'csv.formulaEscape', true) },
    };
}
//# sourceMappingURL=helpers-options.js.map