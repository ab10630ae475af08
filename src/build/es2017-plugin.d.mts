import type { Plugin } from 'esbuild';

/** The helpers file the mini-program build injects. */
export declare const HELPERS: string;
/** The esbuild plugin; `rewritten` collects rewritten files and their edit counts. */
export declare function es2017Plugin(rewritten?: Map<string, number>): Plugin;
/** Rewrites the calls of newer built-ins in one JavaScript module. */
export declare function rewrite(code: string, file?: string): { code: string; count: number };
