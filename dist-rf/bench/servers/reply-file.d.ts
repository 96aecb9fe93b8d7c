import { type FastifyInstance } from 'fastify';
export declare const SMALL: number;
export declare const LARGE: number;
export default function build(variant: string): Promise<FastifyInstance>;
