import { type SharedSchemas } from './schema-ref.js';
export interface StripOptions {
    isSensitive: (name: string) => boolean;
    shared?: SharedSchemas;
}
/** Returns a copy of `value` without secret-looking properties wherever `schema` lets undeclared ones through. */
export declare function stripUndeclaredSecrets(value: unknown, schema: unknown, options: StripOptions): unknown;
