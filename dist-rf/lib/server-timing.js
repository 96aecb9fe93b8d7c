// Formats a measured duration as a Server-Timing entry (W3C Server Timing) or an X-Response-Time
// value; one decimal of milliseconds is as precise as a single request's timing is meaningful.
/** `app;dur=12.3` */
export function serverTimingEntry(metric, milliseconds) {
    return `${metric};dur=${milliseconds.toFixed(1)}`;
}
/** Server-Timing is a list: an entry the handler already set is kept and ours appended. */
export function appendServerTiming(existing, entry) {
    const before = Array.isArray(existing) ? existing.filter(v => v !== '').join(', ') : existing;
    return before === undefined || before === '' ? entry : `${before}, ${entry}`;
}
/** `12.3ms` */
export function responseTimeValue(milliseconds) {
    return `${milliseconds.toFixed(1)}ms`;
}
//# sourceMappingURL=server-timing.js.map