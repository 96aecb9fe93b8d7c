/** `:id` of /posts/:id and /users/:id. */
export declare const IdParams: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TInteger;
}>;
export declare const Post: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TInteger;
    title: import("@sinclair/typebox").TString;
    body: import("@sinclair/typebox").TString;
    author_id: import("@sinclair/typebox").TInteger;
    created_at: import("@sinclair/typebox").TString;
    updated_at: import("@sinclair/typebox").TString;
}>;
/** The columns of the CSV exports, in this order. */
export declare const PostCsvRow: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TInteger;
    title: import("@sinclair/typebox").TString;
    author_id: import("@sinclair/typebox").TInteger;
    created_at: import("@sinclair/typebox").TString;
}>;
export declare const PostList: import("@sinclair/typebox").TObject<{
    posts: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        id: import("@sinclair/typebox").TInteger;
        title: import("@sinclair/typebox").TString;
        body: import("@sinclair/typebox").TString;
        author_id: import("@sinclair/typebox").TInteger;
        created_at: import("@sinclair/typebox").TString;
        updated_at: import("@sinclair/typebox").TString;
    }>>;
    /** Pass as `after` for the next page; absent on the last page. */
    next: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
}>;
export declare const PostListQuery: import("@sinclair/typebox").TObject<{
    after: import("@sinclair/typebox").TInteger;
    limit: import("@sinclair/typebox").TInteger;
}>;
export declare const ExportQuery: import("@sinclair/typebox").TObject<{
    limit: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
}>;
export declare const PostInput: import("@sinclair/typebox").TObject<{
    /** Present: update that post if it exists (200); absent or unknown: create (201). */
    id: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    title: import("@sinclair/typebox").TString;
    body: import("@sinclair/typebox").TString;
}>;
export declare const User: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TInteger;
    email: import("@sinclair/typebox").TString;
    name: import("@sinclair/typebox").TString;
    created_at: import("@sinclair/typebox").TString;
}>;
export declare const UserQuery: import("@sinclair/typebox").TObject<{
    /** How the handler tries to send the raw row; the guard filters each of them. */
    via: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"object">, import("@sinclair/typebox").TLiteral<"string">, import("@sinclair/typebox").TLiteral<"status">]>;
}>;
export declare const LoginInput: import("@sinclair/typebox").TObject<{
    email: import("@sinclair/typebox").TString;
    password: import("@sinclair/typebox").TString;
}>;
export declare const LoginResult: import("@sinclair/typebox").TObject<{
    user: import("@sinclair/typebox").TObject<{
        id: import("@sinclair/typebox").TInteger;
        email: import("@sinclair/typebox").TString;
        name: import("@sinclair/typebox").TString;
        created_at: import("@sinclair/typebox").TString;
    }>;
}>;
export declare const GoQuery: import("@sinclair/typebox").TObject<{
    next: import("@sinclair/typebox").TString;
}>;
