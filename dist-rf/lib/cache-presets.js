export const BUILT_IN_PRESETS = Object.freeze({
    public: Object.freeze({ public: true, maxAge: 60 }),
    private: Object.freeze({ private: true, noStore: true }),
    'no-store': Object.freeze({ noStore: true }),
    revalidate: Object.freeze({ noCache: true, etag: true }),
    immutable: Object.freeze({ public: true, maxAge: 31536000, immutable: true }),
});
//# sourceMappingURL=cache-presets.js.map