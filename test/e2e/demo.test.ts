/**
 * The web demo end to end in real Chromium, on real IndexedDB, with the official SDK talking to
 * the emulator across origins (CORS). Each browser context is a device.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anonymousSdk } from '../helpers/sdk';
import { type ShownTodo, TEST_OUTPUT, useDemoSite } from './demo-harness';

interface ServerTodo {
  _id: string;
  title: string;
  done: boolean;
  updatedBy?: string;
  _deleted?: boolean;
}

const comparable = (todos: readonly ShownTodo[]) => todos.map(({ id, title, done, updatedBy }) => ({ id, title, done, updatedBy }));

describe('the web demo in Chromium: two devices, offline, reload, converge', () => {
  const fixture = useDemoSite();
  const site = () => fixture.site();

  const device = () => fixture.device();
  const onServer = async (): Promise<ServerTodo[]> => {
    const sdk = await anonymousSdk(site().emulator);
    return (await sdk.db.collection('todos').find({}, { sort: { _id: 1 } })).result as ServerTodo[];
  };

  it('both offline: each adds and edits, reloads and still sees its todos as pending; both online: one list, nothing pending, each todo once on the server', async () => {
    const a = await device();
    const b = await device();
    expect(a.device).toMatch(/^device-/);
    expect(b.device).not.toBe(a.device);

    await a.setOnline(false);
    await b.setOnline(false);
    expect(await a.status()).toMatchObject({ online: false, pendingWrites: 0 });

    await a.add('A buy milk');
    await a.add('A call the bank');
    await a.add('A water plants');
    await a.toggle('A buy milk');
    await a.rename('A call the bank', 'A call the bank at 9');
    await a.remove('A water plants');
    await b.add('B book flights');
    await b.add('B renew passport');
    await b.toggle('B renew passport');
    await b.rename('B book flights', 'B book flights to Hangzhou');

    const aTitles = ['A buy milk', 'A call the bank at 9'];
    const bTitles = ['B book flights to Hangzhou', 'B renew passport'];
    const ownBefore = { a: await a.todos(), b: await b.todos() };
    expect(ownBefore.a.map((t) => [t.title, t.done, t.pending])).toEqual([
      ['A buy milk', true, true],
      ['A call the bank at 9', false, true],
    ]);
    expect(ownBefore.b.map((t) => [t.title, t.done, t.pending])).toEqual([
      ['B book flights to Hangzhou', false, true],
      ['B renew passport', true, true],
    ]);
    // Nothing left either device: the server has not seen a single todo.
    expect(await onServer()).toEqual([]);

    // Reload while offline, with the demo server gone too: the service worker serves the page from
    // its cache, mpsync answers from IndexedDB. (The page needs only the emulator from now on.)
    await site().demo.stop();
    await a.reload();
    await b.reload();
    for (const [tab, before] of [
      [a, ownBefore.a],
      [b, ownBefore.b],
    ] as const) {
      expect(await tab.todos()).toEqual(before);
      expect(await tab.page.locator('[data-testid="pending-mark"]').count()).toBe(before.length);
      expect(await tab.page.locator('[data-testid="network-switch"]').isChecked()).toBe(false);
      // The deleted todo never reached the server and is still pending as a deletion on A.
      expect(await tab.status()).toMatchObject({ online: false, pendingWrites: tab === a ? 3 : 2 });
    }

    await a.setOnline(true);
    await b.setOnline(true);
    const all = [...aTitles, ...bTitles];
    await a.waitForSynced(all);
    await b.waitForSynced(all);
    const [shownA, shownB] = [await a.todos(), await b.todos()];
    expect(comparable(shownA)).toEqual(comparable(shownB));
    expect(shownA.map((t) => [t.title, t.done, t.updatedBy])).toEqual(
      expect.arrayContaining([
        ['A buy milk', true, a.device],
        ['A call the bank at 9', false, a.device],
        ['B book flights to Hangzhou', false, b.device],
        ['B renew passport', true, b.device],
      ]),
    );
    expect(await a.status()).toMatchObject({ online: true, pendingWrites: 0 });
    expect((await a.status()).text).toMatch(/synced \d/);

    // The emulator holds each todo exactly once, as the pages show it; the deleted one is not there.
    const server = (await onServer()).filter((t) => t._deleted !== true);
    expect(server.map((t) => t.title).sort()).toEqual([...all].sort());
    expect(server.map((t) => t._id).sort()).toEqual(shownA.map((t) => t.id).sort());
    for (const shown of shownA)
      expect(server.find((t) => t._id === shown.id)).toMatchObject({ title: shown.title, done: shown.done, updatedBy: shown.updatedBy });

    mkdirSync(TEST_OUTPUT, { recursive: true });
    const screenshot = join(TEST_OUTPUT, 'demo-converged.png');
    await a.page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    expect([...a.errors, ...b.errors]).toEqual([]);
  }, 90_000);

  it("one todo toggled on both devices offline ends by the collection's rule ('rebase': the later push is replayed on the earlier), identically on both", async () => {
    const a = await device();
    const b = await device();
    await a.add('shared: pay rent');
    await b.waitForSynced(['shared: pay rent']);
    await a.waitForSynced(['shared: pay rent']);

    await a.setOnline(false);
    await b.setOnline(false);
    // A ticks it and unticks it again; B ticks it once.
    await a.toggle('shared: pay rent');
    await a.toggle('shared: pay rent');
    await b.toggle('shared: pay rent');
    expect(await a.todos()).toEqual([expect.objectContaining({ done: false, pending: true, updatedBy: a.device })]);
    expect(await b.todos()).toEqual([expect.objectContaining({ done: true, pending: true, updatedBy: b.device })]);

    // A reaches the server first, B second. Under 'rebase' (the demo's rule) B's change is replayed
    // on A's state: the todo ends done, last changed by B. ('server-wins' would keep A's: not done, by A.)
    await a.setOnline(true);
    await a.waitForSynced(['shared: pay rent']);
    await b.setOnline(true);
    await b.waitForSynced(['shared: pay rent']);
    await a.page.locator(`[data-testid="todo"][data-done="true"][data-updated-by="${b.device}"]`).waitFor({ timeout: 20_000 });

    const [shownA, shownB] = [await a.todos(), await b.todos()];
    expect(shownA).toEqual([expect.objectContaining({ title: 'shared: pay rent', done: true, pending: false, updatedBy: b.device })]);
    expect(comparable(shownB)).toEqual(comparable(shownA));
    expect(await onServer()).toEqual([expect.objectContaining({ _id: shownA[0]?.id, title: 'shared: pay rent', done: true, updatedBy: b.device })]);
    expect([...a.errors, ...b.errors]).toEqual([]);
  }, 90_000);
});
