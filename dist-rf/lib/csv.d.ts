export interface CsvFormat {
    /** One character, not a quote, CR or LF; default ','. */
    delimiter?: string;
    /** Prefix formula-like text cells with `'`; default true. */
    formulaEscape?: boolean;
}
export interface CsvEncoder {
    /** One field, quoted and escaped as needed. */
    value: (value: unknown) => string;
    /** One row of values, with its CRLF. */
    row: (values: readonly unknown[]) => string;
    /** A function writing the values of `keys` of an object, as one row with its CRLF. */
    recordEncoder: (keys: readonly string[]) => (record: Record<string, unknown>) => string;
}
/** Checks a delimiter: one character that cannot be confused with quoting or line breaks. */
export declare function checkDelimiter(delimiter: unknown): string;
/** An encoder for one format (the quoting test is built once per delimiter). */
export declare function createCsvEncoder(format?: CsvFormat): CsvEncoder;
/** One CSV field (default format unless `format` is given). */
export declare function encodeCsvValue(value: unknown, format?: CsvFormat): string;
/** One CSV row with its CRLF (default format unless `format` is given). */
export declare function encodeCsvRow(values: readonly unknown[], format?: CsvFormat): string;
