import createError from '@fastify/error';
export declare const ReplyKitBadOptionError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_BAD_OPTION";
}, [string, string]>;
export declare const ReplyKitBadCachePolicyError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_BAD_CACHE_POLICY";
}, [string, string]>;
export declare const ReplyKitBadHeaderError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_BAD_HEADER";
}, [string, string]>;
export declare const ReplyKitCookieNameError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_COOKIE_NAME";
}, [string, string]>;
export declare const ReplyKitCookiePrefixError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_COOKIE_PREFIX";
}, [string, string]>;
export declare const ReplyKitCookieSameSiteError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_COOKIE_SAMESITE";
}, [string, string]>;
export declare const ReplyKitCookiePartitionedError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_COOKIE_PARTITIONED";
}, [string, string]>;
export declare const ReplyKitCookieAttributeError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_COOKIE_ATTRIBUTE";
}, [string, string]>;
export declare const ReplyKitCookieTooLargeError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_COOKIE_TOO_LARGE";
}, [string, string]>;
export declare const ReplyKitCookieMaxAgeError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_COOKIE_MAX_AGE";
}, [string, string]>;
export declare const ReplyKitCookieExpiresError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_COOKIE_EXPIRES";
}, [string, string]>;
export declare const ReplyKitCookieUndeclaredError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_COOKIE_UNDECLARED";
}, [string]>;
export declare const ReplyKitFileNotFoundError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_FILE_NOT_FOUND";
}, [string]>;
export declare const ReplyKitFileForbiddenError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_FILE_FORBIDDEN";
}, [string]>;
export declare const ReplyKitBadStreamSourceError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_BAD_STREAM_SOURCE";
}, [string]>;
export declare const ReplyKitUnsafeRedirectError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_UNSAFE_REDIRECT";
}, [string]>;
export declare const ReplyKitNoSchemaForStatusError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_NO_SCHEMA_FOR_STATUS";
}, [string, number]>;
export declare const ReplyKitSchemaBypassError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_SCHEMA_BYPASS";
}, [string, string]>;
export declare const ReplyKitGuardFindingsError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_GUARD_FINDINGS";
}, [string]>;
export declare const ReplyKitNoContextError: createError.FastifyErrorConstructor<{
    code: "FST_REPLYKIT_NO_CONTEXT";
}, [string]>;
