import { MpsyncError } from '../core/errors';
import type { ForwardedCalls } from '../client/forwarded-calls';
import type { SyncClient } from '../client/sync-client';
import type { WatchSnapshot } from '../live/live-query';
import type { Observer } from '../live/observable';
import { fromWireError, toWireError, type Call, type ToFollowers, type ToLeader } from './protocol';

interface Pending {
  readonly call: Call;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Watch {
  readonly coll: string;
  readonly args: readonly unknown[];
  readonly observer: Required<Observer<WatchSnapshot>>;
  /** Set while this tab leads: the local subscription. */
  stopLocal?: () => void;
}

/** This tab's own client, once it holds the lock. */
export interface OwnClient {
  readonly client: SyncClient;
  readonly calls: ForwardedCalls;
}

/**
 * Where one tab's calls and watches go: to its own client while it leads, otherwise to the
 * leading tab over the channel. A call sent to another tab stays pending, under its request id,
 * until answered; when the leader changes (it closed or crashed) every pending call is sent again
 * with the same id, to the new leader or run here if this tab took over, and the id makes a write
 * that had already committed answer from its receipt instead of running twice. Watches are
 * subscribed again the same way.
 */
export class Router {
  readonly #tab: string;
  readonly #post: (message: ToLeader) => void;
  readonly #pending = new Map<string, Pending>();
  readonly #watches = new Map<string, Watch>();
  #count = 0;
  #leader: string | undefined;
  #own: OwnClient | undefined;
  #failed: Error | undefined;

  /** @param post - sends a message on the tabs' channel */
  constructor(tab: string, post: (message: ToLeader) => void) {
    this.#tab = tab;
    this.#post = post;
  }

  /** Calls sent to another tab and not answered yet. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Runs `call` on the leading tab's client and resolves with its answer. */
  call(call: Call): Promise<unknown> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#own) return run(this.#own, call, undefined);
    const id = `${this.#tab}:${++this.#count}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { call, resolve, reject });
      if (this.#leader !== undefined) this.#send(id, call);
    });
  }

  /** Subscribes `observer` to a live query on the leading tab; returns the function that stops it. */
  watch(coll: string, args: readonly unknown[], observer: Required<Observer<WatchSnapshot>>): () => void {
    if (this.#failed) {
      observer.error(this.#failed);
      return () => undefined;
    }
    const id = `${this.#tab}:w${++this.#count}`;
    const watch: Watch = { coll, args, observer };
    this.#watches.set(id, watch);
    if (this.#own) this.#subscribeLocally(this.#own, watch);
    else if (this.#leader !== undefined) this.#sendWatch(id, watch);
    return () => {
      if (!this.#watches.delete(id)) return;
      watch.stopLocal?.();
      if (!this.#own && this.#leader !== undefined) this.#post({ t: 'unwatch', from: this.#tab, id });
    };
  }

  /** Another tab leads from now on (it welcomed this one): what waited for an answer goes to it. */
  followed(leader: string): void {
    if (this.#own || this.#leader === leader) return;
    this.#leader = leader;
    for (const [id, pending] of this.#pending) this.#send(id, pending.call);
    for (const [id, watch] of this.#watches) this.#sendWatch(id, watch);
  }

  /** This tab took over: what waited for another tab's answer runs on this tab's own client. */
  lead(own: OwnClient): void {
    this.#own = own;
    this.#leader = undefined;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const [id, p] of pending)
      run(own, p.call, id).then(
        (value) => p.resolve(value),
        (error: unknown) => p.reject(error),
      );
    for (const watch of this.#watches.values()) this.#subscribeLocally(own, watch);
  }

  /** Handles a message of the leader meant for this tab. */
  receive(message: ToFollowers): void {
    if (message.t === 'answer') {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.error) pending.reject(fromWireError(message.error));
      else pending.resolve(message.value);
    } else if (message.t === 'snapshot') {
      this.#watches.get(message.id)?.observer.next(message.snapshot);
    } else if (message.t === 'watch-error') {
      const watch = this.#watches.get(message.id);
      this.#watches.delete(message.id);
      watch?.observer.error(fromWireError(message.error));
    }
  }

  /** Ends every call and watch with `error`, and refuses new ones with it. */
  fail(error: Error): void {
    this.#failed ??= error;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
    const watches = [...this.#watches.values()];
    this.#watches.clear();
    for (const watch of watches) {
      watch.stopLocal?.();
      watch.observer.error(error);
    }
  }

  #send(id: string, call: Call): void {
    try {
      this.#post({ t: 'call', from: this.#tab, id, call });
    } catch (error) {
      // A value the channel cannot clone (a function in the arguments): this call fails alone.
      const pending = this.#pending.get(id);
      this.#pending.delete(id);
      pending?.reject(new MpsyncError('INVALID_ARGUMENT', `the call cannot be sent to the tab that holds the database: ${toWireError(error).message}`));
    }
  }

  #sendWatch(id: string, watch: Watch): void {
    try {
      this.#post({ t: 'watch', from: this.#tab, id, coll: watch.coll, args: watch.args });
    } catch (error) {
      this.#watches.delete(id);
      watch.observer.error(new MpsyncError('INVALID_ARGUMENT', `the watch cannot be sent to the tab that holds the database: ${toWireError(error).message}`));
    }
  }

  #subscribeLocally(own: OwnClient, watch: Watch): void {
    try {
      const sub = own.client.db
        .collection(watch.coll)
        .watch(...watch.args)
        .subscribe({ next: (s) => watch.observer.next(s), error: (e) => watch.observer.error(e) });
      watch.stopLocal = () => sub.unsubscribe();
    } catch (error) {
      watch.observer.error(error);
    }
  }
}

/**
 * Runs a call on a client this tab holds. `request` is the id another tab sent it with (`undefined`
 * for this tab's own calls, which cannot outlive it and need no receipt).
 */
export function run(own: OwnClient, call: Call, request: string | undefined): Promise<unknown> {
  if (call.kind === 'execute') return own.calls.execute(call.coll, call.command, call.params, request);
  const { client } = own;
  const args = [...call.args];
  switch (call.method) {
    case 'syncNow':
      return client.syncNow();
    case 'waitForPendingWrites':
      return client.waitForPendingWrites();
    case 'dismissNotices':
      return client.dismissNotices(args[0] as readonly string[]);
    case 'signIn':
      return client.signIn(...(args as [Readonly<Record<string, unknown>>?]));
    case 'adoptDeviceData':
      return client.adoptDeviceData();
    case 'signOut':
      return client.signOut();
    case 'pause':
      return Promise.resolve(client.pause());
    case 'resume':
      return Promise.resolve(client.resume());
  }
}
