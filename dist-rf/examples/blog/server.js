// `npm start`: the blog on http://127.0.0.1:$PORT (default 3000). SIGINT (Ctrl-C) and SIGTERM close
// the server, then the database (the app's onClose hook), and exit.
import { buildApp } from './app.js';
import { openBlogDb } from './db.js';
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
const db = openBlogDb();
const app = await buildApp({ db, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
app.addHook('onClose', async () => { db.close(); });
const url = await app.listen({ host: '127.0.0.1', port });
app.log.info({ db: db.path, posts: db.countPosts() }, `blog listening on ${url}`);
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
        if (closing)
            return;
        closing = true;
        app.log.info(`${signal}: closing`);
        app.close().then(() => { app.log.info({ databaseOpen: db.open }, 'closed'); process.exit(0); }, (err) => { app.log.error(err, 'close failed'); process.exit(1); });
    });
}
//# sourceMappingURL=server.js.map