/** The media type of a Content-Type value, lower-cased, without parameters ('' when absent). */
export declare function mediaTypeOf(contentType: unknown): string;
/** True for application/json and any type/subtype+json. */
export declare function isJsonMediaType(mediaType: string): boolean;
