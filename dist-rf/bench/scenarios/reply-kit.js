import { cpuVariant, warmHttpVariant } from '../cpu-variant.js';
const scenarios = [{
        name: 'reply-kit: whole suite, every feature on one route vs hand-written Fastify + @fastify/cookie',
        unit: 'req/s',
        target: 0.93,
        a: warmHttpVariant('hand-written', 'reply-kit', 'hand', '/posts/42'),
        b: warmHttpVariant('replyKit', 'reply-kit', 'kit', '/posts/42'),
    }, {
        // The same pair in requests per server CPU-second: steady when other jobs share the cores.
        name: 'reply-kit (CPU): whole suite, every feature on one route vs hand-written',
        unit: 'req/CPU-s',
        target: 0.93,
        a: cpuVariant('hand-written', 'reply-kit', 'hand', '/posts/42'),
        b: cpuVariant('replyKit', 'reply-kit', 'kit', '/posts/42'),
    }];
export default scenarios;
//# sourceMappingURL=reply-kit.js.map