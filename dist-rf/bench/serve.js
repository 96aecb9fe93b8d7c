// A bench server process: `node dist/bench/serve.js <module> <variant>` builds the app that
// bench/servers/<module>.ts makes for the variant, listens on loopback and prints its URL as JSON.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
const [module, variant] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const { default: build } = await import(join(here, 'servers', `${module}.js`));
const app = await build(variant);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${address.port}` }) + '\n');
process.on('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)); });
//# sourceMappingURL=serve.js.map