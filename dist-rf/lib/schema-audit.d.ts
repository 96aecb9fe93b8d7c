import { type SharedSchemas } from './schema-ref.js';
export interface AuditFinding {
    kind: 'open' | 'sensitive' | 'unresolved';
    /** Where in the schema: '$' is the root, '.name' a property, '[]' array items, '/anyOf[1]' other keywords. */
    path: string;
    detail: string;
}
export interface AuditOptions {
    /** Tells whether a property name looks like a secret (see sensitiveMatcher). */
    isSensitive: (name: string) => boolean;
    /** Shared schemas ($id -> schema) that $refs may point to. */
    shared?: SharedSchemas;
}
/** Every finding of one schema, in walk order, each (kind, path) once. */
export declare function auditSchema(schema: unknown, options: AuditOptions): AuditFinding[];
