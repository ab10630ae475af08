/**
 * The demo page itself (`dist/demo`, its real styles and code) in Chromium: adding a todo to an
 * empty list beside adding one to a list of 1,000 (the page shows the newest 100 of them; a second
 * figure shows all 1,000). Each add is timed in the page from the form's
 * submit to the frame after its row entered the list (the row is on screen: the page is scrolled to
 * where new rows appear). Long tasks (PerformanceObserver 'longtask') during the adds are reported
 * too: a list that grows must not make the page stutter.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PAGE_SIZE } from '../src/demo/list-window';
import { CHROMIUM, DemoTab, launchChromium, startDemoSite, type DemoSite } from '../test/e2e/demo-harness';
import { numberedTodos, seedTodos } from '../test/e2e/demo-seed';
import { alternate, report } from './harness';

const ROWS = 1000;
const ADDS = 15;

/** Adds `title` through the page's form; milliseconds from the submit to the frame after its row entered the list. */
function addOnce(page: Page, title: string): Promise<number> {
  return page.evaluate(async (want) => {
    const list = document.querySelector('[data-testid="todos"]') as HTMLElement;
    const form = document.querySelector('[data-testid="add-form"]') as HTMLFormElement;
    const input = document.querySelector('[data-testid="new-todo"]') as HTMLInputElement;
    // New todos come last (oldest first): look where they will appear.
    window.scrollTo(0, document.documentElement.scrollHeight);
    const inList = new Promise<void>((resolve) => {
      const observer = new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes)
            if (node instanceof HTMLElement && node.dataset.title === want) {
              observer.disconnect();
              resolve();
            }
      });
      observer.observe(list, { childList: true });
    });
    input.value = want;
    const started = performance.now();
    form.requestSubmit();
    await inList;
    // In the DOM is not yet on screen: the next frame styles, lays out and paints it.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - started;
  }, title);
}

/** Waits until the page has pushed everything (the badge says 0 pending), so one add's sync does not land in the next one's time. */
async function settled(tab: DemoTab): Promise<void> {
  await tab.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="status"]')?.dataset.pending === '0');
}

/** Starts recording long tasks in the page; the returned function gives the longest one since, in ms. */
async function longTasks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { benchLongTasks: number[] };
    w.benchLongTasks = [];
    new PerformanceObserver((entries) => {
      for (const entry of entries.getEntries()) w.benchLongTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  return () => page.evaluate(() => Math.max(0, ...(window as unknown as { benchLongTasks: number[] }).benchLongTasks));
}

/** Opens the demo on `site` at a desktop size. */
async function open(browser: Browser, site: DemoSite): Promise<DemoTab> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const tab = await DemoTab.open(context, `${site.demo.url}/`);
  tab.page.setDefaultTimeout(120_000);
  return tab;
}

/** Clicks "Show earlier todos" until the list shows `n` todos. */
async function showAll(tab: DemoTab, n: number): Promise<void> {
  const rows = () => tab.page.locator('[data-testid="todo"]').count();
  for (let shown = await rows(); shown < n; shown = await rows()) {
    await tab.page.locator('[data-testid="show-earlier"]').click();
    await tab.page.waitForFunction((before) => document.querySelectorAll('[data-testid="todo"]').length > before, shown);
  }
}

/**
 * Adding a todo at 1,000 todos vs at 0, on the demo page (which shows the newest 100); again with
 * all 1,000 shown; and the longest task while doing it.
 */
export async function demoAddBench(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`skipped: ${CHROMIUM} is missing (apt-get install chromium)\n\n`);
    return;
  }
  const sites = { empty: await startDemoSite(), windowed: await startDemoSite(), whole: await startDemoSite() };
  const browser = await launchChromium();
  try {
    await seedTodos(sites.windowed.emulator, numberedTodos(ROWS));
    await seedTodos(sites.whole.emulator, numberedTodos(ROWS));
    const small = await open(browser, sites.empty);
    const windowed = await open(browser, sites.windowed);
    const whole = await open(browser, sites.whole);
    const newest = `seeded todo ${ROWS - 1}`;
    await windowed.item(newest).waitFor();
    await whole.item(newest).waitFor();
    await showAll(whole, ROWS);
    for (const tab of [small, windowed, whole]) await settled(tab);
    const tasks = { small: await longTasks(small.page), windowed: await longTasks(windowed.page), whole: await longTasks(whole.page) };

    let i = 0;
    const add = (tab: DemoTab) => async () => {
      const ms = await addOnce(tab.page, `bench add ${i++}`);
      await settled(tab);
      return ms;
    };
    const figure = async (tab: DemoTab, label: string, longest: () => Promise<number>) => {
      const times = await alternate(ADDS, add(tab), add(small));
      report({
        name: `browser: demo page, add a todo → its row on screen, ${label} (Chromium ${browser.version()})`,
        unit: 'ms',
        higherIsBetter: false,
        subject: { label: `at ${ROWS} todos`, value: times.subject },
        baseline: { label: 'at 0 todos', value: times.baseline },
        goal: '≥ 0.67x (at most 1.5x the time at 0), no task over 50 ms',
        notes:
          `median of ${ADDS} adds each, alternated, submit to the frame after the row entered the list; ` +
          `longest task during the adds: ${(await longest()).toFixed(0)} ms at ${ROWS}, ${(await tasks.small()).toFixed(0)} ms at 0 (so far)`,
      });
    };
    await figure(windowed, `the newest ${PAGE_SIZE} shown`, tasks.windowed);
    await figure(whole, `${ROWS} shown`, tasks.whole);
    const shown = { windowed: await windowed.page.locator('[data-testid="todo"]').count(), whole: await whole.page.locator('[data-testid="todo"]').count() };
    if (shown.windowed !== PAGE_SIZE || shown.whole !== ROWS) throw new Error(`the lists show ${JSON.stringify(shown)} todos`);
    const errors = [...small.errors, ...windowed.errors, ...whole.errors];
    if (errors.length) throw new Error(`the demo page failed: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    for (const site of Object.values(sites)) await site.stop();
  }
}
