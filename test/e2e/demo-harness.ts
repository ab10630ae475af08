/**
 * Drives the web demo in real Chromium (Debian's `chromium`, through playwright-core): one
 * emulator and one demo server per test file, a browser context per device.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../src/demo/server';
import { createEmulator, type Emulator } from '../../src/emulator';

export const CHROMIUM = '/usr/bin/chromium';
// CI runs as root (no sandbox); without the background-networking flags Chromium keeps calling
// Google services on a closed network.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The built demo (npm test builds before it runs). */
export const DEMO_ROOT = fileURLToPath(new URL('../../dist/demo/', import.meta.url));
/** Where browser tests leave screenshots (gitignored). */
export const TEST_OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));

/** Launches Debian's Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** An in-memory emulator and the demo server in front of it. */
export interface DemoSite {
  readonly emulator: Emulator;
  readonly demo: DemoServer;
  stop(): Promise<void>;
}

export async function startDemoSite(): Promise<DemoSite> {
  const emulator = await createEmulator({ port: 0 });
  const demo = await startDemoServer({ root: DEMO_ROOT, port: 0, host: '127.0.0.1', emulator });
  return {
    emulator,
    demo,
    stop: async () => {
      await demo.stop();
      await emulator.stop();
    },
  };
}

/** What {@link useDemoSite} hands a test file. */
export interface DemoFixture {
  /** This test's emulator and demo server (a fresh pair per test). */
  site(): DemoSite;
  /** A new browser context (a device), closed after the test. */
  newContext(width?: number, height?: number): Promise<BrowserContext>;
  /** A new device with the demo open on a short poll (`?poll=300`), so other devices' changes arrive within a fraction of a second. */
  device(width?: number, height?: number): Promise<DemoTab>;
}

/**
 * Registers the hooks of a demo test file: one Chromium for the file, a fresh emulator and demo
 * server per test, and every browser context closed after its test.
 */
export function useDemoSite(): DemoFixture {
  let browser: Browser;
  let site: DemoSite;
  let contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser.close());
  beforeEach(async () => {
    site = await startDemoSite();
  });
  afterEach(async () => {
    for (const context of contexts) await context.close();
    contexts = [];
    await site.stop();
  });
  const newContext = async (width = 900, height = 700): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width, height } });
    contexts.push(context);
    return context;
  };
  return {
    site: () => site,
    newContext,
    device: async (width, height) => DemoTab.open(await newContext(width, height), `${site.demo.url}/?poll=300`),
  };
}

/** A todo as the page shows it (from the list item's data attributes). */
export interface ShownTodo {
  readonly id: string;
  readonly title: string;
  readonly done: boolean;
  readonly pending: boolean;
  readonly updatedBy: string;
}

/** What the sync badge shows. */
export interface ShownStatus {
  readonly online: boolean;
  readonly pendingWrites: number;
  readonly text: string;
}

/** One tab of the demo: a device. Uncaught page errors are collected so a test can assert there were none. */
export class DemoTab {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly errors: string[] = [];
  #device = '';

  private constructor(context: BrowserContext, page: Page) {
    this.context = context;
    this.page = page;
    page.on('pageerror', (error) => this.errors.push(error.message));
  }

  /** Opens the demo in a new page of `context` and waits until its list is shown and its service worker controls it. */
  static async open(context: BrowserContext, url: string, setup?: (page: Page) => Promise<unknown>): Promise<DemoTab> {
    const tab = new DemoTab(context, await context.newPage());
    await setup?.(tab.page);
    await tab.page.goto(url);
    await tab.ready();
    return tab;
  }

  /** The device name the page shows (`tab-…`). */
  get device(): string {
    return this.#device;
  }

  /** Waits for the page to show its list, and for the service worker that keeps it loadable offline. */
  async ready(): Promise<void> {
    await this.page.locator('body[data-state="ready"]').waitFor();
    await this.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    this.#device = (await this.page.locator('[data-testid="device"]').textContent()) ?? '';
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.locator('body[data-state="ready"]').waitFor();
    this.#device = (await this.page.locator('[data-testid="device"]').textContent()) ?? '';
  }

  /** The browser's network (`context.setOffline`) and the demo's switch together. */
  async setOnline(online: boolean): Promise<void> {
    if (!online) await this.context.setOffline(true);
    const box = this.page.locator('[data-testid="network-switch"]');
    // The checkbox itself is visually hidden behind the slider: click its label.
    if ((await box.isChecked()) !== online) await this.page.locator('label.switch').click();
    await this.page.waitForFunction((want) => (document.querySelector('[data-testid="network-switch"]') as HTMLInputElement).checked === want, online);
    if (online) await this.context.setOffline(false);
    await this.page.waitForFunction((want) => document.querySelector<HTMLElement>('[data-testid="status"]')?.dataset.online === String(want), online);
  }

  async add(title: string): Promise<void> {
    await this.page.locator('[data-testid="new-todo"]').fill(title);
    await this.page.locator('[data-testid="new-todo"]').press('Enter');
    await this.item(title).waitFor();
  }

  /** Clicks the todo's checkbox and waits until the list shows the new state. */
  async toggle(title: string): Promise<void> {
    const before = (await this.item(title).getAttribute('data-done')) === 'true';
    await this.item(title).locator('[data-testid="toggle"]').click();
    await this.page.locator(`[data-testid="todo"][data-title="${title}"][data-done="${String(!before)}"]`).waitFor();
  }

  async rename(title: string, next: string): Promise<void> {
    await this.item(title).locator('[data-testid="title"]').dblclick();
    const edit = this.page.locator('[data-testid="edit"]');
    await edit.fill(next);
    await edit.press('Enter');
    await this.item(next).waitFor();
  }

  async remove(title: string): Promise<void> {
    await this.item(title).locator('[data-testid="delete"]').click();
    await this.item(title).waitFor({ state: 'detached' });
  }

  item(title: string) {
    return this.page.locator(`[data-testid="todo"][data-title="${title}"]`);
  }

  /** Every todo the list shows, in order. */
  todos(): Promise<ShownTodo[]> {
    return this.page.$$eval('[data-testid="todo"]', (items) =>
      items.map((item) => {
        const d = (item as HTMLElement).dataset;
        return { id: d.id ?? '', title: d.title ?? '', done: d.done === 'true', pending: d.pending === 'true', updatedBy: d.updatedBy ?? '' };
      }),
    );
  }

  async status(): Promise<ShownStatus> {
    const badge = this.page.locator('[data-testid="status"]');
    return {
      online: (await badge.getAttribute('data-online')) === 'true',
      pendingWrites: Number(await badge.getAttribute('data-pending')),
      text: ((await badge.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
    };
  }

  /** Waits until the list shows exactly `titles` (in any order) and the badge says nothing is pending. */
  async waitForSynced(titles: readonly string[]): Promise<void> {
    await this.page.waitForFunction(
      (want) => {
        const shown = [...document.querySelectorAll<HTMLElement>('[data-testid="todo"]')].map((el) => el.dataset.title ?? '');
        const badge = document.querySelector<HTMLElement>('[data-testid="status"]');
        return (
          badge?.dataset.pending === '0' &&
          badge.dataset.online === 'true' &&
          shown.length === want.length &&
          want.every((t) => shown.includes(t)) &&
          !document.querySelector('[data-testid="pending-mark"]')
        );
      },
      [...titles],
      { timeout: 20_000 },
    );
  }
}
