/** `type` with `; charset=utf-8` added when it is a text type without a charset parameter. */
export declare function withCharset(type: string): string;
/** The media type for a filename's extension; `application/octet-stream` when unknown. */
export declare function mediaTypeOf(filename: string): string;
