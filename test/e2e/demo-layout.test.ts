/**
 * The demo page's list and layout in Chromium: a change to one todo touches only its row, an empty
 * list says so, a title over the limit gets a message instead of a row, and at a phone's width
 * (375 px) long words wrap instead of widening the page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MAX_TITLE_LENGTH } from '../../src/demo/title';
import { PAGE_SIZE } from '../../src/demo/list-window';
import type { DemoTab } from './demo-harness';
import { useDemoSite } from './demo-harness';
import { numberedTodos, seedTodos } from './demo-seed';

/** Every DOM change of the list from now on, as the `data-id` of the row it happened in (`list` for the list itself). */
async function recordListChanges(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const list = document.querySelector('[data-testid="todos"]') as HTMLElement;
    const seen: string[] = [];
    const where = (node: Node) =>
      node === list ? 'list' : ((node instanceof Element ? node : node.parentElement)?.closest<HTMLElement>('[data-testid="todo"]')?.dataset.id ?? '?');
    new MutationObserver((records) => {
      for (const record of records) seen.push(where(record.target));
    }).observe(list, { subtree: true, childList: true, attributes: true, characterData: true });
    (window as unknown as { listChanges: string[] }).listChanges = seen;
  });
  return () => page.evaluate(() => [...new Set((window as unknown as { listChanges: string[] }).listChanges)]);
}

/** Remembers the list's row nodes; the returned function says which of them are still in the list, by `data-id`. */
async function markRows(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    (window as unknown as { markedRows: Element[] }).markedRows = [...document.querySelectorAll('[data-testid="todo"]')];
  });
  return () =>
    page.evaluate(() => {
      const rows = new Set(document.querySelectorAll('[data-testid="todo"]'));
      return (window as unknown as { markedRows: HTMLElement[] }).markedRows.filter((row) => rows.has(row)).map((row) => row.dataset.id ?? '');
    });
}

describe('the demo page in Chromium: keyed list updates, empty list, title limit, phone width', () => {
  const fixture = useDemoSite();
  const site = () => fixture.site();

  const open = (width = 900): Promise<DemoTab> => fixture.device(width, 800);

  it('a toggle, a rename, an add and a delete each change only their own row; the other rows stay the same nodes', async () => {
    const tab = await open();
    for (const title of ['one', 'two', 'three']) await tab.add(title);
    await tab.waitForSynced(['one', 'two', 'three']);
    const [one, two, three] = (await tab.todos()).map((t) => t.id) as [string, string, string];

    let stillThere = await markRows(tab.page);
    let changes = await recordListChanges(tab.page);
    await tab.toggle('two');
    await tab.waitForSynced(['one', 'two', 'three']);
    expect(await stillThere()).toEqual([one, two, three]);
    // The toggle, its "not synced" mark and the mark going again: all inside row two.
    expect(await changes()).toEqual([two]);

    changes = await recordListChanges(tab.page);
    await tab.rename('three', 'three, renamed');
    await tab.waitForSynced(['one', 'two', 'three, renamed']);
    expect(await stillThere()).toEqual([one, two, three]);
    expect(await changes()).toEqual([three]);

    changes = await recordListChanges(tab.page);
    await tab.add('four');
    await tab.waitForSynced(['one', 'two', 'three, renamed', 'four']);
    expect(await stillThere()).toEqual([one, two, three]);
    const four = (await tab.todos())[3]?.id as string;
    // The list itself changed once (the new row went in); everything else happened inside the new row.
    expect((await changes()).sort()).toEqual(['list', four].sort());

    stillThere = await markRows(tab.page);
    await tab.remove('one');
    await tab.waitForSynced(['two', 'three, renamed', 'four']);
    expect(await stillThere()).toEqual([two, three, four]);
    expect(tab.errors).toEqual([]);
  }, 60_000);

  it(`a long list shows its newest ${PAGE_SIZE} todos, oldest first; "Show earlier todos" adds the earlier ones above and keeps the rows it had`, async () => {
    const total = PAGE_SIZE + 20;
    await seedTodos(site().emulator, numberedTodos(total));
    const tab = await open();
    await tab.item(`seeded todo ${total - 1}`).waitFor();
    const titles = async () => (await tab.todos()).map((t) => t.title);
    const numbered = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `seeded todo ${from + i}`);
    expect(await titles()).toEqual(numbered(20, total));
    expect(await tab.page.locator('[data-testid="count"]').textContent()).toMatch(new RegExp(`^newest ${PAGE_SIZE} shown`));
    const earlier = tab.page.locator('[data-testid="show-earlier"]');
    expect(await earlier.isVisible()).toBe(true);

    const stillThere = await markRows(tab.page);
    await earlier.click();
    await tab.item('seeded todo 0').waitFor();
    expect(await titles()).toEqual(numbered(0, total));
    expect(await stillThere()).toHaveLength(PAGE_SIZE);
    expect(await earlier.isVisible()).toBe(false);
    expect(await tab.page.locator('[data-testid="count"]').textContent()).toMatch(new RegExp(`^${total} shown`));
    expect(tab.errors).toEqual([]);
  }, 60_000);

  it('an empty list says so, for each filter, and stops saying it once there is a todo', async () => {
    const tab = await open();
    const empty = tab.page.locator('[data-testid="empty"]');
    expect(await empty.isVisible()).toBe(true);
    expect(await empty.textContent()).toBe('Nothing to do yet: add a todo above.');
    expect(await tab.page.locator('[data-testid="count"]').textContent()).toMatch(/^0 shown/);

    await tab.add('buy milk');
    expect(await empty.isVisible()).toBe(false);
    await tab.page.locator('a[data-filter="done"]').click();
    await tab.item('buy milk').waitFor({ state: 'detached' });
    expect(await empty.isVisible()).toBe(true);
    expect(await empty.textContent()).toBe('Nothing done yet.');
    await tab.page.locator('a[data-filter="all"]').click();
    await tab.remove('buy milk');
    expect(await empty.textContent()).toBe('Nothing to do yet: add a todo above.');
    expect(await empty.isVisible()).toBe(true);
    expect(tab.errors).toEqual([]);
  }, 60_000);

  it(`a title over ${MAX_TITLE_LENGTH} characters shows a message and is not added; the text stays to be shortened`, async () => {
    const tab = await open();
    const input = tab.page.locator('[data-testid="new-todo"]');
    const message = tab.page.locator('[data-testid="title-message"]');
    expect(await message.isVisible()).toBe(false);

    const tooLong = 'y'.repeat(MAX_TITLE_LENGTH + 30);
    await input.fill(tooLong);
    expect(await message.isVisible()).toBe(true);
    expect(await message.textContent()).toBe(`A title has at most ${MAX_TITLE_LENGTH} characters; this one has ${MAX_TITLE_LENGTH + 30}.`);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await input.press('Enter');
    expect(await input.inputValue()).toBe(tooLong);
    expect(await tab.page.locator('[data-testid="todo"]').count()).toBe(0);

    // Cut to the limit, the message goes and the title is added whole.
    await input.fill(tooLong.slice(0, MAX_TITLE_LENGTH));
    expect(await message.isVisible()).toBe(false);
    await input.press('Enter');
    await tab.item(tooLong.slice(0, MAX_TITLE_LENGTH)).waitFor();
    expect(tab.errors).toEqual([]);
  }, 60_000);

  it('at 375 px: a 400-character word from another device and a 200-character one typed here wrap, nothing scrolls sideways, the meta line sits under the title, notices are above the list', async () => {
    const word = 'w'.repeat(400);
    await seedTodos(site().emulator, [{ title: word, done: false, createdAt: new Date(Date.UTC(2026, 0, 1)), updatedBy: 'tab-other' }]);
    const tab = await open(375);
    await tab.item(word).waitFor();
    await tab.add('v'.repeat(MAX_TITLE_LENGTH));

    const layout = await tab.page.evaluate(() => {
      const box = (el: Element | null) => (el as Element).getBoundingClientRect();
      const rows = [...document.querySelectorAll('[data-testid="todo"]')].map((row) => ({
        right: box(row).right,
        titleRight: box(row.querySelector('.title')).right,
        titleBottom: box(row.querySelector('.title')).bottom,
        // A row clips what overflows it (paint containment): the page would not widen, the word would be cut.
        titleOverflow: (row.querySelector('.title') as HTMLElement).scrollWidth - (row.querySelector('.title') as HTMLElement).clientWidth,
        metaTop: box(row.querySelector('.meta')).top,
        shown: row.querySelector('.title')?.textContent ?? '',
        shortened: (row.querySelector('.title') as HTMLElement).dataset.shortened,
      }));
      return {
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        notices: box(document.querySelector('#notices')).top,
        list: box(document.querySelector('[data-testid="todos"]')).top,
        rows,
      };
    });
    expect(layout.clientWidth).toBe(375);
    expect(layout.scrollWidth).toBe(375);
    expect(layout.notices).toBeLessThan(layout.list);
    expect(layout.rows).toHaveLength(2);
    for (const row of layout.rows) {
      expect(row.right).toBeLessThanOrEqual(375);
      expect(row.titleRight).toBeLessThanOrEqual(375);
      expect(row.titleOverflow).toBe(0);
      expect(row.metaTop).toBeGreaterThanOrEqual(row.titleBottom);
    }
    // The other device's title is longer than the limit: it is shown cut, with an ellipsis.
    expect(layout.rows[0]).toMatchObject({ shown: `${'w'.repeat(MAX_TITLE_LENGTH)}…`, shortened: 'true' });
    expect(layout.rows[1]).toMatchObject({ shown: 'v'.repeat(MAX_TITLE_LENGTH), shortened: 'false' });
    expect(tab.errors).toEqual([]);
  }, 60_000);
});
