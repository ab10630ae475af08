/** How a test breaks a backend's storage: see `FaultInjector` in backend.contract.ts. */
export interface FaultOptions {
  /** After the fault, every later operation fails too (the process died there). */
  readonly crash: boolean;
  /** The failure is "storage full" instead of an I/O error. */
  readonly full: boolean;
}

/**
 * A countdown over storage operations, shared by the fault hooks of the file and IndexedDB
 * harnesses: `hit()` is called before each operation and throws when the armed fault is due.
 */
export interface FaultPlan {
  arm(step: number, options: FaultOptions): void;
  /** Disarms; returns whether the fault fired. */
  disarm(): boolean;
  /** Whether the next `hit()` throws. */
  readonly due: boolean;
  hit(): void;
}

export function faultPlan(makeError: (full: boolean) => Error): FaultPlan {
  let armed: FaultOptions | undefined;
  let countdown = 0;
  let fired = false;
  return {
    arm(step, options) {
      armed = options;
      countdown = step;
      fired = false;
    },
    disarm() {
      const result = fired;
      armed = undefined;
      fired = false;
      return result;
    },
    get due() {
      return armed !== undefined && (fired ? armed.crash : countdown === 1);
    },
    hit() {
      if (armed === undefined) return;
      if (fired) {
        if (armed.crash) throw makeError(armed.full);
        return;
      }
      if (--countdown > 0) return;
      fired = true;
      throw makeError(armed.full);
    },
  };
}
