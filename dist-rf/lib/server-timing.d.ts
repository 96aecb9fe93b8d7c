/** `app;dur=12.3` */
export declare function serverTimingEntry(metric: string, milliseconds: number): string;
/** Server-Timing is a list: an entry the handler already set is kept and ours appended. */
export declare function appendServerTiming(existing: string | string[] | undefined, entry: string): string;
/** `12.3ms` */
export declare function responseTimeValue(milliseconds: number): string;
