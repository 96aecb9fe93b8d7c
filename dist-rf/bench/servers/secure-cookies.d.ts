import { type FastifyInstance } from 'fastify';
export default function build(variant: string): Promise<FastifyInstance>;
