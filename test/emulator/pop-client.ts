import { createRequire } from 'node:module';

/** The part of `@alicloud/pop-core`'s RPC client the tests use. */
export interface PopClient {
  request<T>(action: string, params: object, options?: object): Promise<T>;
}

/** The unmodified `@alicloud/pop-core` RPC client (CommonJS, loaded as a Node script loads it). */
export const RPCClient = createRequire(import.meta.url)('@alicloud/pop-core') as new (config: object) => PopClient;
