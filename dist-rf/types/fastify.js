export {};
//# sourceMappingURL=fastify.js.map