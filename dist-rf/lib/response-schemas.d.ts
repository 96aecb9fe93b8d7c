export interface ResponseEntry {
    /** '200', '2xx' or 'default'. */
    key: string;
    /** JSON (and '*\/*') media type -> schema; '' for a plain (not content-keyed) schema. */
    json: Map<string, unknown>;
    /** Media types declared that are not JSON (text/csv...). */
    other: string[];
}
export interface ResponseTable {
    entries: Map<string, ResponseEntry>;
    /** The '2xx' entry, or the only 2xx entry; undefined when there is none or several. */
    success?: ResponseEntry;
}
export interface SelectedSchema {
    key: string;
    mediaType: string;
    schema: unknown;
}
/** The table of a route's response schemas; undefined when the route declares none. */
export declare function readResponseSchemas(response: unknown): ResponseTable | undefined;
/** Every JSON schema of the table with a label for messages: '200', '200 application/vnd.api+json'. */
export declare function jsonSchemasOf(table: ResponseTable): Array<{
    label: string;
    schema: unknown;
}>;
/**
 * The JSON schema for a reply: the status's own entry, its class ('4xx'), 'default', then the
 * success schema. Within an entry the reply's media type wins, then application/json.
 */
export declare function selectResponseSchema(table: ResponseTable, status: number, mediaType: string): SelectedSchema | undefined;
