// Types of layers.js for the tests that load it.
import type { Linter } from 'eslint';

export declare const LAYERS: Readonly<Record<string, readonly string[]>>;
export declare const layerRules: Array<Linter.Config & { files: string[] }>;
