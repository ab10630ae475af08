import { detectMiniProgram } from './detect-mini-program';
import type { Platform } from '../model/platform';
import { web } from './web';

/**
 * The platform of a mini-program runtime (see {@link detectMiniProgram}), else of a browser
 * (`window` with `document`), else undefined. Free of Node modules, for the web build.
 *
 * @example
 * const platform = detectBrowserPlatform() ?? node();
 */
export function detectBrowserPlatform(): Platform | undefined {
  const miniProgram = detectMiniProgram();
  if (miniProgram) return miniProgram;
  if (typeof window !== 'undefined' && typeof document !== 'undefined') return web(window);
  return undefined;
}
