/**
 * Todos written straight to the emulator, as another device's mpsync writes them: with a write id
 * (`_v`, `_vh`) and the server's change time (`_mt`), so a demo page pulls them on its next sync.
 */
import type { Emulator } from '../../src/emulator';
import { anonymousSdk } from '../helpers/sdk';

/** A todo's own fields, as the demo stores them. */
export interface SeedTodo {
  readonly title: string;
  readonly done: boolean;
  readonly createdAt: Date;
  readonly updatedBy: string;
}

const BATCH = 200;

/** Writes `todos` to the emulator's `todos` collection; `_v` ids are `<prefix>-<index>`. */
export async function seedTodos(emulator: Pick<Emulator, 'endpoint' | 'spaceId' | 'clientSecret'>, todos: readonly SeedTodo[], prefix = 'seed'): Promise<void> {
  const collection = (await anonymousSdk(emulator)).db.collection('todos');
  for (let i = 0; i < todos.length; i += BATCH) {
    const batch = todos.slice(i, i + BATCH).map((todo, k) => {
      const v = `${prefix}-${i + k}`;
      return { ...todo, updatedAt: todo.createdAt, _v: v, _vh: [v] };
    });
    await collection.insertMany(batch);
  }
  // The server stamps the change time, as it does for mpsync's own inserts.
  await collection.updateMany({ _v: { $regex: `^${prefix}-` } }, { $currentDate: { _mt: true } });
}

/** `n` numbered todos a minute apart, every third one done. */
export function numberedTodos(n: number, updatedBy = 'tab-seed'): SeedTodo[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: n }, (_, j) => ({ title: `seeded todo ${j}`, done: j % 3 === 0, createdAt: new Date(start + j * 60_000), updatedBy }));
}
