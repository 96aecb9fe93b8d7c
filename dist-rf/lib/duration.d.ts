/** RFC 9111 section 1.2.2: caches treat larger delta-seconds as 2^31, so larger values say nothing more. */
export declare const MAX_DELTA_SECONDS = 2147483648;
/** The duration in seconds, or undefined when the value is not a valid duration. */
export declare function parseDuration(value: unknown): number | undefined;
/** What valid seconds look like, for error messages. */
export declare const SECONDS_HINT = "a whole number of seconds from 0 to 2147483648";
/** What a valid duration looks like, for error messages. */
export declare const DURATION_HINT = "a whole number of seconds from 0 to 2147483648, or a whole number with a unit: '90s', '5m', '1h', '7d', '2w', '1y'";
