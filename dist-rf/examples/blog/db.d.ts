export interface PostRow {
    id: number;
    title: string;
    body: string;
    author_id: number;
    created_at: string;
    updated_at: string;
    /** Editors' notes: stored, never meant to leave the server (the schemas leave it out). */
    internal_notes: string;
}
export interface UserRow {
    id: number;
    email: string;
    name: string;
    password_hash: string;
    created_at: string;
}
export interface OpenOptions {
    /** The SQLite file; default BLOG_DB, else examples/blog/blog.db in the repository. */
    path?: string;
    /** Posts seeded when the database is new; default BLOG_POSTS, else 10,000. */
    posts?: number;
}
export declare const SEED_EMAIL = "ada@example.com";
export declare const SEED_PASSWORD = "correct horse battery staple";
/** examples/blog/blog.db of the repository, whether this module runs from examples/ or dist/examples/. */
export declare function defaultDbPath(): string;
/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export declare function hashPassword(password: string): string;
/** Checks a password against a stored hash without blocking the event loop; false for any malformed hash. */
export declare function verifyPassword(password: string, stored: string): Promise<boolean>;
export type BlogDb = ReturnType<typeof openBlogDb>;
/** Opens (creating and seeding if new) the blog database. */
export declare function openBlogDb(options?: OpenOptions): {
    path: string;
    readonly version: number;
    post: (id: number) => PostRow | undefined;
    latestPost: () => PostRow | undefined;
    /** Posts with id > after, in id order. */
    posts: (after: number, limit: number) => PostRow[];
    countPosts: () => number;
    /** Updates the post `id` when it exists (created: false), else inserts a new one (created: true). */
    savePost(input: {
        id?: number;
        title: string;
        body: string;
    }): {
        post: PostRow;
        created: boolean;
    };
    /**
     * Every post (or the first `limit`), read `batchSize` rows at a time by keyset pagination.
     * Stops between batches when `signal` aborts (the client left).
     */
    iteratePosts(options?: {
        batchSize?: number;
        limit?: number;
        signal?: AbortSignal;
    }): AsyncGenerator<PostRow>;
    user: (id: number) => UserRow | undefined;
    addUser(email: string, name: string, password: string): UserRow;
    /** The user whose email and password match, else undefined (same work either way). */
    login(email: string, password: string): Promise<UserRow | undefined>;
    createSession(userId: number): string;
    sessionUser: (token: string) => UserRow | undefined;
    deleteSession(token: string): void;
    close(): void;
    readonly open: boolean;
};
