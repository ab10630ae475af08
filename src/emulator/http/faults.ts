import { seededRandom, systemRandom, type Random } from '../../core/random';

/**
 * Network faults for flaky-network tests. Rates are probabilities in [0, 1] drawn per request
 * from a seeded generator, so a run with the same seed and the same request order sees the same
 * faults. Admin requests (`/__admin/...`) are never faulted.
 */
export interface Faults {
  /** Delay before a request is handled, in ms. */
  latencyMs?: number;
  /** Drop the connection before the request is applied: nothing happens on the server. */
  dropRequestRate?: number;
  /** Apply the request, then drop the connection instead of answering: the write **was** applied. */
  dropResponseRate?: number;
  /** Answer `ServiceUnavailable` without applying anything. */
  errorRate?: number;
  /** Drop every connection at once, as if the network were gone. */
  offline?: boolean;
  /** Seed of the fault generator; setting it restarts the sequence. */
  seed?: number;
}

/** What happens to one request. */
export type FaultDecision = 'offline' | 'drop-request' | 'error' | 'drop-response' | 'pass';

const RATE_KEYS = ['dropRequestRate', 'dropResponseRate', 'errorRate'] as const;

/** Checks a faults object from a test or from `POST /__admin/faults`; returns the problem or undefined. */
export function faultsProblem(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'faults must be an object';
  const f = input as Record<string, unknown>;
  for (const key of Object.keys(f)) {
    if (![...RATE_KEYS, 'latencyMs', 'offline', 'seed'].includes(key)) return `unknown fault "${key}"`;
  }
  for (const key of RATE_KEYS) {
    const v = f[key];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1))) return `${key} must be a number in [0, 1]`;
  }
  if (f.latencyMs !== undefined && (typeof f.latencyMs !== 'number' || !(f.latencyMs >= 0))) return 'latencyMs must be a non-negative number';
  if (f.offline !== undefined && typeof f.offline !== 'boolean') return 'offline must be a boolean';
  if (f.seed !== undefined && (typeof f.seed !== 'number' || !Number.isInteger(f.seed))) return 'seed must be an integer';
  return undefined;
}

/** The current faults and the generator that decides each request's fate. */
export class FaultInjector {
  #faults: Faults = {};
  #random: Random = systemRandom;

  /** Replaces all faults (missing keys turn that fault off). */
  set(faults: Faults): void {
    const problem = faultsProblem(faults);
    if (problem) throw new TypeError(problem);
    this.#faults = { ...faults };
    if (faults.seed !== undefined) this.#random = seededRandom(faults.seed);
  }

  get(): Faults {
    return { ...this.#faults };
  }

  get latencyMs(): number {
    return this.#faults.latencyMs ?? 0;
  }

  /** Draws the fate of the next request. Each rate gets its own draw, in a fixed order. */
  decide(): FaultDecision {
    const f = this.#faults;
    if (f.offline) return 'offline';
    if (f.dropRequestRate && this.#random() < f.dropRequestRate) return 'drop-request';
    if (f.errorRate && this.#random() < f.errorRate) return 'error';
    if (f.dropResponseRate && this.#random() < f.dropResponseRate) return 'drop-response';
    return 'pass';
  }
}
