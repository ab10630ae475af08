/**
 * The demo's service worker: it keeps the page itself (HTML, script, styles, config) loadable
 * without a network, so a tab reloaded offline comes back and mpsync answers from its IndexedDB
 * cache. Network first (a rebuilt demo shows at once), the cached copy when the network fails.
 * Only this origin's GET requests are touched; the SDK's calls to the emulator pass by.
 */

// The parts of the service worker scope used here (tsconfig has the DOM types, not WebWorker's).
interface FetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface ServiceWorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as ServiceWorkerScope;
const CACHE = 'mpsync-demo-shell-v1';
const SHELL = ['/', '/app.js', '/styles.css', '/config.json'];

scope.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.location.origin) return;
  // Every page URL (`/?poll=500`, `/#/done`) is the one page.
  const key = request.mode === 'navigate' ? '/' : url.pathname;
  event.respondWith(
    fetch(request)
      .then(async (response) => {
        if (response.ok) await (await caches.open(CACHE)).put(key, response.clone());
        return response;
      })
      .catch(async (error: unknown) => {
        const cached = await caches.match(key);
        if (cached) return cached;
        throw error;
      }),
  );
});
