/* eslint-disable no-console -- the demo also reports failures in the browser's console */
/**
 * The mpsync demo: a todo list on mpsync's web build and the official SDK, synced through the
 * local emulator. The browser profile is the device: its tabs share one IndexedDB cache; the
 * switch takes the device offline. `npm start` serves it (see docs/guides/web.md, "The demo").
 */
import MPServerless from '@alicloud/mpserverless-sdk';
import { createSyncClient, fetchSdkAdapter, web, type SyncClient, type WatchSnapshot } from '../browser';
import { profileDevice, type Device } from './device';
import { adoptLeftovers } from './leftovers';
import { networkSwitch, type NetworkSwitch } from './network-switch';
import { PAGE_SIZE, shownWindow, windowOptions } from './list-window';
import { showNotices } from './notices-view';
import { renderSyncBadge } from './status-view';
import { guardTitleField } from './title-field';
import { FILTER_QUERIES, filterOf, renderSummary, renderTodos, type Editing, type Filter, type Todo } from './view';

/** What the demo server hands the page (`/config.json`). */
interface DemoConfig {
  readonly endpoint: string;
  readonly spaceId: string;
  readonly clientSecret: string;
  readonly appId: string;
}

const OFFLINE_KEY = 'mpsync-demo-offline';
// No change stream exists: a device learns of others' changes by polling. A short interval keeps
// two tabs in step within seconds; `?poll=MS` sets it.
const DEFAULT_POLL_MS = 2000;

function byTestId<T extends HTMLElement>(id: string): T {
  const el = document.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`the page has no [data-testid="${id}"]`);
  return el;
}

async function loadConfig(): Promise<DemoConfig> {
  const response = await fetch('/config.json');
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return (await response.json()) as DemoConfig;
}

// Every tab of the profile opens the same database: the first holds it and syncs, the others go
// through it (and one of them takes over when it closes).
function openClient(config: DemoConfig, net: NetworkSwitch, databaseName: string, shareTabs = true, pollMs?: number): Promise<SyncClient> {
  const sdk = new MPServerless(fetchSdkAdapter(net.fetchWindow), {
    appId: config.appId,
    spaceId: config.spaceId,
    clientSecret: config.clientSecret,
    endpoint: config.endpoint,
  });
  return createSyncClient({
    mpServerless: sdk,
    platform: web(net.window, { databaseName, shareTabs }),
    // 'rebase' (the default): offline writes are replayed on the server's newer state.
    collections: { todos: { conflict: 'rebase' } },
    auth: { authType: 'anonymous' },
    sync: { pollIntervalMs: pollMs ?? 0 },
  });
}

// Databases of earlier versions of the demo (one per tab): pushed and deleted when online, and
// tried again whenever the network comes back.
function emptyLeftovers(config: DemoConfig, net: NetworkSwitch): void {
  let running = false;
  const run = (): void => {
    if (running || !net.enabled() || !navigator.onLine) return;
    running = true;
    adoptLeftovers({ indexedDB, online: () => net.enabled() && navigator.onLine }, (name) => openClient(config, net, name, false))
      .then((deleted) => {
        if (deleted.length > 0) console.info(`mpsync demo: pushed and deleted ${deleted.join(', ')}`);
      })
      .catch((error: unknown) => console.warn('mpsync demo: leftover databases', error))
      .finally(() => (running = false));
  };
  net.onChange(run);
  run();
}

async function main(): Promise<void> {
  if ('serviceWorker' in navigator) {
    // The service worker keeps the page itself loadable offline; the data is mpsync's business.
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('mpsync demo: no offline page cache', error));
  }
  const list = byTestId<HTMLUListElement>('todos');
  const form = byTestId<HTMLFormElement>('add-form');
  const input = byTestId<HTMLInputElement>('new-todo');
  const switchBox = byTestId<HTMLInputElement>('network-switch');
  const statusEls = {
    badge: byTestId('status'),
    network: byTestId('network'),
    pending: byTestId('pending-count'),
    lastSynced: byTestId('last-synced'),
    lastError: byTestId('last-error'),
  };

  const net = networkSwitch(window, localStorage.getItem(OFFLINE_KEY) !== '1');
  switchBox.checked = net.enabled();
  const config = await loadConfig();
  const device: Device = profileDevice(localStorage);
  const poll = Number(new URLSearchParams(location.search).get('poll'));
  const client = await openClient(config, net, device.databaseName, true, poll > 0 ? poll : DEFAULT_POLL_MS);
  byTestId('device').textContent = device.name;
  document.title = `todos · ${device.name}`;
  emptyLeftovers(config, net);
  const todos = client.db.collection('todos');

  const pauseButton = byTestId<HTMLButtonElement>('pause-sync');
  const showStatus = () => {
    renderSyncBadge(statusEls, client.status(), net.enabled());
    pauseButton.textContent = client.status().paused ? 'resume sync' : 'pause sync';
  };
  pauseButton.addEventListener('click', () => (client.status().paused ? client.resume() : client.pause()));
  showNotices(byTestId('notices'), client, fail);
  client.onStatus(showStatus);
  net.onChange(showStatus);
  showStatus();
  switchBox.addEventListener('change', () => {
    net.setEnabled(switchBox.checked);
    localStorage.setItem(OFFLINE_KEY, switchBox.checked ? '0' : '1');
  });
  // The switch belongs to the device: every tab of the profile follows a change made in one.
  window.addEventListener('storage', (event) => {
    if (event.key !== OFFLINE_KEY) return;
    net.setEnabled(event.newValue !== '1');
    switchBox.checked = net.enabled();
  });

  // The live list: one watch per filter; each snapshot updates the rows that changed.
  let filter: Filter = filterOf(location.hash);
  let editing: Editing | null = null;
  let last: WatchSnapshot | null = null;
  // The list shows the newest `limit` todos; `lastLimit` is the limit `last` was asked with.
  let limit = PAGE_SIZE;
  let lastLimit = limit;
  let firstRender = true;
  // Replacing the list takes the focus from an edit box: that is not the user leaving it.
  let rendering = false;
  const render = () => {
    if (!last) return;
    const shown = shownWindow(last.docs as unknown as Todo[], last.pending, lastLimit);
    rendering = true;
    try {
      renderTodos(list, shown.todos, shown.pending, editing);
    } finally {
      rendering = false;
    }
    renderSummary(
      { count: byTestId('count'), empty: byTestId('empty'), earlier: byTestId('show-earlier') },
      shown.todos.length,
      shown.more,
      filter,
      last.fromCache,
    );
    if (firstRender) {
      firstRender = false;
      performance.mark('mpsync-demo:first-render');
      document.body.dataset.state = 'ready';
    }
  };
  let subscription: { unsubscribe(): void } | undefined;
  const watchFilter = () => {
    subscription?.unsubscribe();
    for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-filter]')) link.classList.toggle('selected', link.dataset.filter === filter);
    const asked = limit;
    subscription = todos.watch(FILTER_QUERIES[filter], windowOptions(asked)).subscribe({
      next: (snapshot) => {
        last = snapshot;
        lastLimit = asked;
        render();
      },
      error: (error) => fail(error),
    });
  };
  window.addEventListener('hashchange', () => {
    filter = filterOf(location.hash);
    watchFilter();
  });
  watchFilter();
  byTestId('show-earlier').addEventListener('click', () => {
    limit += PAGE_SIZE;
    watchFilter();
  });

  const stamp = () => ({ updatedAt: new Date(), updatedBy: device.name });
  const titleFits = guardTitleField(input, byTestId('title-message'));
  const act = (work: Promise<unknown>): void => void work.catch(fail);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const title = input.value.trim();
    if (title === '' || !titleFits()) return;
    input.value = '';
    act(todos.insertOne({ title, done: false, createdAt: new Date(), ...stamp() }));
  });
  const todoOf = (target: EventTarget | null): Todo | undefined => {
    const id = target instanceof Element ? target.closest<HTMLElement>('[data-testid="todo"]')?.dataset.id : undefined;
    return (last?.docs as unknown as Todo[] | undefined)?.find((t) => t._id === id);
  };
  list.addEventListener('click', (event) => {
    const todo = todoOf(event.target);
    const role = event.target instanceof HTMLElement ? event.target.dataset.testid : undefined;
    if (!todo) return;
    if (role === 'toggle') act(todos.updateOne({ _id: todo._id }, { $set: { done: !todo.done, ...stamp() } }));
    if (role === 'delete') act(todos.deleteOne({ _id: todo._id }));
  });
  list.addEventListener('dblclick', (event) => {
    const todo = todoOf(event.target);
    if (!todo || !(event.target instanceof HTMLElement) || event.target.dataset.testid !== 'title') return;
    editing = { id: todo._id, draft: todo.title };
    render();
  });
  const finishEdit = (save: boolean) => {
    const current = editing;
    if (!current) return;
    editing = null;
    const title = current.draft.trim();
    const todo = (last?.docs as unknown as Todo[] | undefined)?.find((t) => t._id === current.id);
    if (save && todo && title !== '' && title !== todo.title) act(todos.updateOne({ _id: todo._id }, { $set: { title, ...stamp() } }));
    render();
  };
  list.addEventListener('input', (event) => {
    if (editing && event.target instanceof HTMLInputElement && event.target.dataset.testid === 'edit') editing.draft = event.target.value;
  });
  list.addEventListener('keydown', (event) => {
    if (!(event.target instanceof HTMLInputElement) || event.target.dataset.testid !== 'edit') return;
    if (event.key === 'Enter') finishEdit(true);
    if (event.key === 'Escape') finishEdit(false);
  });
  list.addEventListener('focusout', (event) => {
    if (!rendering && event.target instanceof HTMLInputElement && event.target.dataset.testid === 'edit') finishEdit(true);
  });
}

function fail(error: unknown): void {
  document.body.dataset.state = document.body.dataset.state === 'ready' ? 'ready' : 'failed';
  const notice = document.querySelector('[data-testid="notice"]');
  if (notice) notice.textContent = `Error: ${error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error)}`;
  console.error(error);
}

main().catch(fail);
