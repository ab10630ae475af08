import type { Notice } from '../model/notice';
import { run, type OwnClient } from './router';
import { toWireError, toWireStatus, type SharedState, type ToFollowers, type ToLeader } from './protocol';

/** Options of {@link serveFollowers}. */
export interface ServeOptions {
  /** This (the leading) tab's id. */
  readonly tab: string;
  /** The sharing key of this tab's client (`sharingKey`): a tab with another one is refused. */
  readonly key: string;
  /** Sends a message on the tabs' channel. */
  readonly post: (message: ToFollowers) => void;
  /** This tab's client, once open; followers' calls wait for it. */
  readonly client: Promise<OwnClient>;
}

/** The leading tab's side of the channel. */
export interface FollowerService {
  /** Handles a follower's message. */
  receive(message: ToLeader): void;
  /** Stops answering and ends the followers' watches here (the next leader takes them over). */
  stop(): void;
}

/**
 * Serves the other tabs from this tab's client: it announces itself, welcomes tabs whose client
 * options match, runs their calls (a write with its request id, so a re-sent one runs once) and
 * their watches, and mirrors the client's status, notices and user to every tab.
 *
 * @example fragment
 * const service = serveFollowers({ tab, key, post: (m) => channel.postMessage(m), client: own });
 * channel.addEventListener('message', (e) => service.receive(e.data));
 */
export function serveFollowers(options: ServeOptions): FollowerService {
  const { tab, key, post } = options;
  let own: OwnClient | undefined;
  let stopped = false;
  const watches = new Map<string, () => void>();
  const stops: Array<() => void> = [];
  const state = (client: OwnClient['client']): SharedState => ({ status: toWireStatus(client.status()), notices: client.notices(), userId: client.userId() });
  const send = (message: ToFollowers): void => {
    if (!stopped) post(message);
  };

  void options.client.then(
    (ready) => {
      if (stopped) return;
      own = ready;
      stops.push(ready.client.onStatus(() => send({ t: 'state', from: tab, state: state(ready.client) })));
      stops.push(
        ready.client.onNotice((notice: Notice) => {
          send({ t: 'notice', from: tab, notice });
          send({ t: 'state', from: tab, state: state(ready.client) });
        }),
      );
      send({ t: 'state', from: tab, state: state(ready.client) });
    },
    () => undefined,
  );
  post({ t: 'leader', from: tab });

  return {
    receive(message) {
      if (stopped) return;
      const to = message.from;
      switch (message.t) {
        case 'hello':
          if (message.key !== key) {
            send({
              t: 'welcome',
              from: tab,
              to,
              refused: `another tab holds this database with a client opened with other options (space, collections, filters, conflict rules or auth): ${key} here, ${message.key} there`,
            });
          } else send({ t: 'welcome', from: tab, to, ...(own ? { state: state(own.client) } : {}) });
          return;
        case 'call':
          void options.client
            .then((ready) => run(ready, message.call, message.id))
            .then(
              (value) => {
                send({ t: 'answer', from: tab, to, id: message.id, value });
                // A method may have changed what followers mirror (the user, the notices).
                if (message.call.kind === 'method' && own) send({ t: 'state', from: tab, state: state(own.client) });
              },
              (error: unknown) => send({ t: 'answer', from: tab, to, id: message.id, error: toWireError(error) }),
            );
          return;
        case 'watch': {
          const id = `${to}|${message.id}`;
          if (watches.has(id)) return;
          // Registered at once, so an unwatch that comes before the client is ready still ends it.
          let cancelled = false;
          let unsubscribe: (() => void) | undefined;
          watches.set(id, () => {
            cancelled = true;
            unsubscribe?.();
          });
          void options.client.then(
            (ready) => {
              if (stopped || cancelled) return;
              try {
                const sub = ready.client.db
                  .collection(message.coll)
                  .watch(...message.args)
                  .subscribe({
                    next: (snapshot) => send({ t: 'snapshot', from: tab, to, id: message.id, snapshot }),
                    error: (error) => {
                      watches.delete(id);
                      send({ t: 'watch-error', from: tab, to, id: message.id, error: toWireError(error) });
                    },
                  });
                unsubscribe = () => sub.unsubscribe();
              } catch (error) {
                watches.delete(id);
                send({ t: 'watch-error', from: tab, to, id: message.id, error: toWireError(error) });
              }
            },
            () => undefined,
          );
          return;
        }
        case 'unwatch':
          watches.get(`${to}|${message.id}`)?.();
          watches.delete(`${to}|${message.id}`);
          return;
        case 'bye':
          for (const [id, stop] of watches) {
            if (!id.startsWith(`${to}|`)) continue;
            stop();
            watches.delete(id);
          }
          return;
      }
    },
    stop() {
      stopped = true;
      for (const stop of [...stops, ...watches.values()]) stop();
      watches.clear();
    },
  };
}
