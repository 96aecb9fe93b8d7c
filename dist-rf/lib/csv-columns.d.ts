import type { TObject } from '@sinclair/typebox';
import type { CsvColumn } from '../types/options.js';
export interface ResolvedColumn {
    key: string;
    header: string;
}
/** The properties of an object schema, in its order (cached per schema object). */
export declare function columnsFromSchema(schema: TObject): ResolvedColumn[];
/** An explicit column list: names, or `{ key, header }` pairs. */
export declare function normalizeColumns(columns: readonly CsvColumn[]): ResolvedColumn[];
/** The first row's own enumerable keys (array rows have no names: no columns). */
export declare function columnsFromRow(row: unknown): ResolvedColumn[] | undefined;
/**
 * The columns fixed before any row is seen: `columns` if given (and, with a schema too, only keys
 * the schema declares), else the schema's properties; undefined when the first row must decide.
 */
export declare function csvColumns(options: {
    schema?: TObject;
    columns?: readonly CsvColumn[];
}): ResolvedColumn[] | undefined;
