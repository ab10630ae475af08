import type * as fsp from 'node:fs/promises';
import { faultPlan } from './faults';

/**
 * Fault injection for the file backend. A test file mocks `node:fs/promises` with `wrapFs`:
 *
 *   vi.mock('node:fs/promises', async (importOriginal) => (await import('./fs-faults')).wrapFs(await importOriginal()));
 *
 * Every call that changes the disk (open, write, datasync, sync, truncate, rename, rm) then counts
 * as one step of `fsFaults`. A write that fails first writes half of its bytes: a torn append.
 */
export const fsFaults = faultPlan((full) =>
  Object.assign(new Error(full ? 'ENOSPC: no space left on device (injected)' : 'EIO: injected fault'), { code: full ? 'ENOSPC' : 'EIO' }),
);

type Fs = typeof fsp;
type Handle = Awaited<ReturnType<Fs['open']>>;

const COUNTED = new Set(['datasync', 'sync', 'truncate']);

function wrapHandle(handle: Handle): Handle {
  return new Proxy(handle, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'write') {
        return async (data: Uint8Array, offset: number, length: number) => {
          if (fsFaults.due) await target.write(data, offset, Math.floor(length / 2));
          fsFaults.hit();
          return target.write(data, offset, length);
        };
      }
      if (typeof property === 'string' && COUNTED.has(property)) {
        return async (...args: unknown[]) => {
          fsFaults.hit();
          return (await value.apply(target, args)) as unknown;
        };
      }
      return value.bind(target);
    },
  });
}

export function wrapFs(real: Fs): Fs {
  const open = (async (...args: Parameters<Fs['open']>) => {
    fsFaults.hit();
    return wrapHandle(await real.open(...args));
  }) as Fs['open'];
  const rename = (async (...args: Parameters<Fs['rename']>) => {
    fsFaults.hit();
    return real.rename(...args);
  }) as Fs['rename'];
  const rm = (async (...args: Parameters<Fs['rm']>) => {
    fsFaults.hit();
    return real.rm(...args);
  }) as Fs['rm'];
  return { ...real, open, rename, rm, default: { ...real, open, rename, rm } } as Fs;
}
