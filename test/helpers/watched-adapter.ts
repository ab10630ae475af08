import { nodeSdkAdapter, type NodeSdkAdapter, type SdkCallOptions } from '../../src/testing';

/** What a {@link watchedAdapter} saw. */
export interface AdapterWatch {
  /** Requests in flight right now, and the most at once so far. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Every request, in order: the SDK command it carried (if any) and its answer's size in bytes. */
  readonly calls: ReadonlyArray<{ readonly command: string | undefined; readonly answerBytes: number }>;
  /** Starts counting the most in flight afresh. */
  resetMax(): void;
}

/**
 * The Node SDK adapter with every request watched: how many are in flight, and for each, the
 * collection command it carried and the size of its answer.
 */
export function watchedAdapter(): { adapter: NodeSdkAdapter; watch: AdapterWatch } {
  const inner = nodeSdkAdapter();
  let inFlight = 0;
  let maxInFlight = 0;
  const calls: Array<{ command: string | undefined; answerBytes: number }> = [];
  const adapter: NodeSdkAdapter = {
    ...inner,
    request(options: SdkCallOptions) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const command = /\\"command\\":\\"(\w+)\\"/.exec(JSON.stringify(options))?.[1];
      inner.request({
        ...options,
        complete: (answer) => {
          inFlight--;
          const data = answer.data;
          calls.push({ command, answerBytes: Buffer.byteLength(typeof data === 'string' ? data : (JSON.stringify(data) ?? '')) });
          options.complete(answer);
        },
      });
    },
  };
  const watch: AdapterWatch = {
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    calls,
    resetMax: () => (maxInFlight = inFlight),
  };
  return { adapter, watch };
}
