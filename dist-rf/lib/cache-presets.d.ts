import type { CachePolicy } from '../types/options.js';
export declare const BUILT_IN_PRESETS: Readonly<Record<string, Readonly<CachePolicy>>>;
