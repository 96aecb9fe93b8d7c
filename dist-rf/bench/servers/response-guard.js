// Bench server for responseGuard: one schema'd JSON route (a user with nested posts; the handler's
// object carries a password_hash the schema leaves out), with the guard ('guard') or without ('plain').
import Fastify from 'fastify';
import { Type } from '@sinclair/typebox';
import { responseGuard } from '../../plugins/response-guard.js';
const Post = Type.Object({ id: Type.Integer(), title: Type.String(), tags: Type.Array(Type.String()) });
const User = Type.Object({ id: Type.Integer(), name: Type.String(), email: Type.String(), posts: Type.Array(Post) });
const user = {
    id: 42,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    password_hash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$hash',
    posts: Array.from({ length: 5 }, (_, i) => ({ id: i, title: `Notes on the engine, part ${i}`, tags: ['math', 'engines'], draft: false })),
};
export default async function build(variant) {
    const app = Fastify({ logger: false });
    if (variant === 'guard')
        await app.register(responseGuard, { mode: 'strict' });
    app.get('/user', { schema: { response: { 200: User } } }, async () => user);
    await app.ready();
    return app;
}
//# sourceMappingURL=response-guard.js.map