import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { measurePeers } from '../../benchmarks/peers/figures';
import { figureLines } from '../../benchmarks/peers/report';
import { nodeSubjects } from '../../benchmarks/peers.bench';

describe('peer comparison benchmark', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('runs every step once on every Node store over a small workload, every answer checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mpsync-peers-test-'));
    dirs.push(dir);
    const subjects = nodeSubjects(dir);
    // measurePeers throws when a store's page or count differs from the answer computed by hand.
    const figures = await measurePeers(subjects, { n: 120, loadRounds: 1, rounds: 1, runs: 1, warmup: 0 });
    expect(figures.map((f) => f.name.split(' ')[0])).toEqual(['bulk', 'cold', 'find:', 'count', 'insertOne', 'updateOne', 'insertOne']);
    for (const figure of figures) {
      expect(figure.rows.map((r) => r.label)).toEqual(subjects.map((s) => s.label));
      for (const [i, row] of figure.rows.entries()) {
        // Only a store that keeps nothing across an open (RxDB's memory storage) has no cold open.
        if (figure.name.startsWith('cold') && subjects[i]!.reopen === undefined) expect(row.value).toBeUndefined();
        else expect(row.value).toBeGreaterThan(0);
      }
    }
  });

  it('prints each peer against mpsync on the same backend kind, peer over mpsync', () => {
    const lines = figureLines('find', 'ms', [
      { label: 'mpsync', kind: 'memory', reference: true, value: 2 },
      { label: 'peer A', kind: 'memory', reference: false, value: 6 },
      { label: 'mpsync', kind: 'file', reference: true, value: 4 },
      { label: 'peer B', kind: 'file', reference: false, value: 1 },
      { label: 'peer C', kind: 'file', reference: false, value: undefined },
    ]);
    expect(lines[2]).toMatch(/peer A \[memory\]\s+6\.00 ms\s+3\.00x mpsync's$/);
    expect(lines[4]).toMatch(/peer B \[file\]\s+1\.00 ms\s+0\.250x mpsync's$/);
    expect(lines[5]).toMatch(/peer C \[file\]\s+- ms\s+n\/a$/);
    expect(lines[1]).toMatch(/\(reference\)$/);
  });
});
