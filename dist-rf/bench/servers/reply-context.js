// Bench servers for replyContext: one JSON route that sets a header from service code.
// 'reply': the handler passes `reply` down to the service; 'context': the service calls useReply();
// 'als-idle': as 'reply', in a process where an AsyncLocalStorage was used once (the Node.js 20 tax).
import { AsyncLocalStorage } from 'node:async_hooks';
import Fastify from 'fastify';
import { replyContext, useReply } from '../../plugins/reply-context.js';
import { addCpuMeter } from '../cpu-variant.js';
const post = { id: 1, title: 'Hello', author: 'ada', tags: ['a', 'b'], published: true, views: 1234 };
async function loadPost(reply) {
    reply.header('x-post-id', '1');
    return post;
}
async function loadPostFromContext() {
    useReply().header('x-post-id', '1');
    return post;
}
export default async function build(variant) {
    const app = Fastify({ logger: false });
    addCpuMeter(app);
    if (variant === 'context') {
        await app.register(replyContext);
        app.get('/post', async () => await loadPostFromContext());
    }
    else {
        if (variant === 'als-idle')
            new AsyncLocalStorage().run(true, () => { });
        app.get('/post', async (_request, reply) => await loadPost(reply));
    }
    return app;
}
//# sourceMappingURL=reply-context.js.map