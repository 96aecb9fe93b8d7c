import { type FastifyInstance } from 'fastify';
export declare const POSTS: number;
export default function build(variant: string): Promise<FastifyInstance>;
