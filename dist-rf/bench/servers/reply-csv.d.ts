import { type FastifyInstance } from 'fastify';
export declare const Row: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TInteger;
    name: import("@sinclair/typebox").TString;
    email: import("@sinclair/typebox").TString;
    score: import("@sinclair/typebox").TNumber;
    active: import("@sinclair/typebox").TBoolean;
}>;
/** The rows of an export, made on demand like a database cursor would. */
export declare function rows(count: number): Generator<{
    id: number;
    name: string;
    email: string;
    score: number;
    active: boolean;
}>;
export declare function rowCount(query: unknown): number;
export declare function peakRss(app: FastifyInstance): void;
export default function build(variant: string): Promise<FastifyInstance>;
