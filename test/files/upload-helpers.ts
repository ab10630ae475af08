import { createRequire } from 'node:module';
import type { SyncClient } from '../../src/client/sync-client';
import type { SyncStatus } from '../../src/model/status';
import type { Emulator } from '../../src/emulator';
import { RPCClient } from '../emulator/pop-client';

/** Resolves once the client's status satisfies `ready` (checked now and on every change). */
export function statusUntil(client: SyncClient, ready: (status: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((resolve) => {
    if (ready(client.status())) return resolve(client.status());
    const stop = client.onStatus((status) => {
      if (!ready(status)) return;
      stop();
      resolve(status);
    });
  });
}

/** Resolves once every accepted upload is done and every local write is confirmed. */
export async function uploadsSettled(client: SyncClient): Promise<void> {
  await statusUntil(client, (s) => s.pendingUploads === 0);
  await client.syncNow();
  await client.waitForPendingWrites();
}

interface Listed {
  DataList: Array<{ Id: string; Name: string; Size: number; Url: string }>;
}

/** Every file of the emulator's space, through its OpenAPI `ListFile`. */
export async function emulatorFiles(emulator: Emulator): Promise<Listed['DataList']> {
  const pop = new RPCClient({
    accessKeyId: emulator.accessKeyId,
    accessKeySecret: emulator.accessKeySecret,
    endpoint: emulator.openApiEndpoint,
    apiVersion: '2019-06-15',
  });
  const listed = await pop.request<Listed>('ListFile', { SpaceId: emulator.spaceId, PageSize: 100 }, { method: 'POST' });
  return listed.DataList;
}

/** The bytes at a file URL the SDK answered (`https://` on loopback is served over http). */
export async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url.replace(/^https:/, 'http:'));
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The official SDK class. */
export const MPServerless = createRequire(import.meta.url)('@alicloud/mpserverless-sdk') as new (app: unknown, options: unknown) => never;
