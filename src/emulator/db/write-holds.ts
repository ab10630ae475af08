import type { Write } from '../../query/commands';

/** Which write to hold: any field left out matches everything. */
export interface HoldMatch {
  readonly collection?: string;
  readonly command?: string;
}

/** A write held between its evaluation and its commit. */
export interface WriteHold {
  /** Resolves once a matching write was evaluated (its `$currentDate` stamped) and now waits. */
  readonly held: Promise<void>;
  /** Lets the held write commit and answer (or fail with `WriteConflict` if its documents changed meanwhile). */
  release(): void;
}

interface Pending {
  readonly match: HoldMatch;
  readonly onHeld: () => void;
  readonly gate: Promise<void>;
}

/**
 * One-shot holds on writes, for tests of late commits: a write that was stamped early but commits
 * after a faster write must still reach every client. Each hold catches the next matching write.
 */
export class WriteHolds {
  readonly #pending: Pending[] = [];

  add(match: HoldMatch): WriteHold {
    let onHeld!: () => void;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (onHeld = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.#pending.push({ match, onHeld, gate });
    return { held, release };
  }

  /** The gate a write must wait at, if a hold matches it (the hold is used up). */
  take(collection: string, command: string, writes: readonly Write[]): Promise<void> | undefined {
    if (writes.length === 0) return undefined;
    const index = this.#pending.findIndex((p) => (p.match.collection ?? collection) === collection && (p.match.command ?? command) === command);
    if (index < 0) return undefined;
    const [hold] = this.#pending.splice(index, 1) as [Pending];
    hold.onHeld();
    return hold.gate;
  }
}
