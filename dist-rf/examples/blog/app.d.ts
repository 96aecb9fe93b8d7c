import { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type BlogDb, type UserRow } from './db.js';
export interface BlogOptions {
    /** An open database; else one is opened from `dbPath` / `posts` (and closed with the app). */
    db?: BlogDb;
    dbPath?: string;
    posts?: number;
    logger?: FastifyServerOptions['logger'];
    /** Rows per database read of the streamed exports. */
    exportBatchSize?: number;
}
export declare const SESSION_COOKIE = "__Host-session_id";
export declare const LAST_VIEWED_COOKIE = "last_viewed_post";
export declare const EXPORT_FILENAME = "posts-\u00E9t\u00E9.csv";
declare module 'fastify' {
    interface FastifyRequest {
        user: UserRow | null;
    }
}
export declare function buildApp(options?: BlogOptions): Promise<FastifyInstance>;
