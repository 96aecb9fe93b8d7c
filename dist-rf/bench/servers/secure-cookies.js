// Bench server for secureCookies: one JSON route that sets `session=abc; Path=/; HttpOnly; Secure;
// SameSite=Lax`, either with bare @fastify/cookie and the attributes spelled out ('bare') or with
// secureCookies registered and no options at the call ('ours').
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { secureCookies } from '../../plugins/secure-cookies.js';
const body = { id: 42, user: 'ada', roles: ['reader', 'editor'], active: true };
export default async function build(variant) {
    const app = Fastify({ logger: false });
    if (variant === 'ours') {
        await app.register(secureCookies);
        app.get('/session', async (_request, reply) => {
            reply.setCookie('session', 'abc');
            return body;
        });
    }
    else {
        await app.register(fastifyCookie);
        app.get('/session', async (_request, reply) => {
            reply.setCookie('session', 'abc', { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
            return body;
        });
    }
    await app.ready();
    return app;
}
//# sourceMappingURL=secure-cookies.js.map