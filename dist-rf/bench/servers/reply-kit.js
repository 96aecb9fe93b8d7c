// Bench servers for the whole suite: one route with every feature (cache policy, a cookie set from
// service code, a declared header, timing, a guarded response schema), against the same route
// written by hand with plain Fastify and @fastify/cookie.
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import replyKit, { useReply } from '../../plugins/index.js';
import { addCpuMeter } from '../cpu-variant.js';
const schema = {
    params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    response: {
        200: {
            type: 'object',
            additionalProperties: false,
            properties: { id: { type: 'string' }, title: { type: 'string' }, author: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, views: { type: 'integer' } },
        },
    },
};
function row(id) {
    return { id, title: 'Hello', author: 'ada', tags: ['a', 'b'], views: 1234, passwordHash: 'x' };
}
async function loadPost(id) {
    useReply().setCookie('last_seen', id);
    return row(id);
}
async function loadPostByHand(id, reply) {
    reply.setCookie('last_seen', id, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
    return row(id);
}
const kStart = Symbol('start');
export default async function build(variant) {
    const app = Fastify({ logger: false });
    addCpuMeter(app);
    if (variant === 'kit') {
        await app.register(replyKit, { headers: { timing: 'server-timing' }, guard: { mode: 'warn' } });
        app.get('/posts/:id', {
            schema,
            config: { cache: 'public', headers: { 'x-post-id': (req) => req.params.id } },
        }, async (request) => await loadPost(request.params.id));
    }
    else {
        await app.register(cookie);
        app.decorateRequest(kStart, 0);
        app.addHook('onRequest', (request, _reply, done) => { request[kStart] = performance.now(); done(); });
        app.addHook('onSend', (request, reply, payload, done) => {
            const elapsed = performance.now() - request[kStart];
            reply.header('server-timing', `app;dur=${elapsed.toFixed(1)}`);
            done(null, payload);
        });
        app.get('/posts/:id', { schema }, async (request, reply) => {
            const id = request.params.id;
            // A public policy would let shared caches store the cookie: private, as cacheControl does.
            reply.header('cache-control', 'private, max-age=60').header('x-post-id', id);
            return await loadPostByHand(id, reply);
        });
    }
    return app;
}
//# sourceMappingURL=reply-kit.js.map