import type { TSchema } from '@sinclair/typebox';
export type RowSerializer = (row: unknown) => string;
/** Rows without a schema: plain JSON (a row must be an object or an array). */
export declare function jsonRow(row: unknown): string;
/** The serializer of one schema object, compiled once and cached for as long as the schema lives. */
export declare function ndjsonSerializer(schema?: TSchema): RowSerializer;
