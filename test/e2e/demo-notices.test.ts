/**
 * The web demo in real Chromium: a conflict shows at the top of the page in the list's words and
 * goes when dismissed; the badge names each offline state without a red error.
 */
import { describe, expect, it } from 'vitest';
import type { DemoTab } from './demo-harness';
import { useDemoSite } from './demo-harness';

describe('the web demo tells the user about conflicts and why it is not syncing', () => {
  const fixture = useDemoSite();

  const device = () => fixture.device();
  const badge = (tab: DemoTab) => tab.page.locator('[data-testid="status"]');

  it('an edit made offline to a todo deleted on another device: a notice at the top, dismissed by a click', async () => {
    const a = await device();
    const b = await device();
    await a.add('buy milk');
    await b.waitForSynced(['buy milk']);
    await a.waitForSynced(['buy milk']);

    await a.setOnline(false);
    // Switched off on purpose: offline, and no error.
    expect(await badge(a).getAttribute('data-network')).toBe('offline');
    expect(await a.page.locator('[data-testid="network"]').textContent()).toBe('offline · network switched off');
    expect(await a.page.locator('[data-testid="last-error"]').isHidden()).toBe(true);
    await a.rename('buy milk', 'buy oat milk');
    await b.remove('buy milk');
    await b.waitForSynced([]);

    await a.setOnline(true);
    const notice = a.page.locator('[data-testid="conflict-notice"]');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.getAttribute('data-kind')).toBe('conflict');
    expect(await notice.locator('span').textContent()).toBe('your edit to "buy oat milk" was replaced: it was deleted on another device');
    await a.waitForSynced([]);
    expect(await b.page.locator('[data-testid="conflict-notice"]').count()).toBe(0);

    // Durable until dismissed: still there after a reload.
    await a.reload();
    await notice.waitFor();
    await notice.locator('[data-testid="dismiss-notice"]').click();
    await notice.waitFor({ state: 'detached' });
    expect(await a.page.locator('[data-testid="notices"]').isHidden()).toBe(true);
    await a.reload();
    expect(await notice.count()).toBe(0);
    expect([...a.errors, ...b.errors]).toEqual([]);
  }, 90_000);

  it('paused by choice: the badge says paused, writes wait, no error; resumed, they go', async () => {
    const a = await device();
    await a.add('first');
    await a.waitForSynced(['first']);
    await a.page.locator('[data-testid="pause-sync"]').click();
    await a.page.locator('[data-testid="status"][data-paused="true"]').waitFor();
    expect(await a.page.locator('[data-testid="network"]').textContent()).toBe('paused · sync is off until you resume it');
    expect(await a.page.locator('[data-testid="pause-sync"]').textContent()).toBe('resume sync');
    await a.add('while paused');
    expect(await badge(a).getAttribute('data-pending')).toBe('1');
    expect(await a.page.locator('[data-testid="last-error"]').isHidden()).toBe(true);
    await a.page.locator('[data-testid="pause-sync"]').click();
    await a.waitForSynced(['first', 'while paused']);
    expect(await badge(a).getAttribute('data-paused')).toBe('false');
    expect(a.errors).toEqual([]);
  }, 60_000);
});
