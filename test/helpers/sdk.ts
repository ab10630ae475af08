import { createRequire } from 'node:module';
import type { Emulator } from '../../src/emulator';
import { nodeSdkAdapter, type NodeSdkAdapterOptions } from '../../src/testing';

/** Where an emulator listens and how to sign for it. */
export type EmulatorAddress = Pick<Emulator, 'endpoint' | 'spaceId' | 'clientSecret'>;

/** The official SDK class, loaded the way an app on Node loads it (it is CommonJS). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK ships loose typings
export type Sdk = any;

const MPServerless = createRequire(import.meta.url)('@alicloud/mpserverless-sdk') as new (app: unknown, options: unknown) => Sdk;

/** A new official SDK instance on `app` (the runtime's functions the SDK calls), pointed at `address`. */
export function sdkOn(app: unknown, address: EmulatorAddress): Sdk {
  return new MPServerless(app, { appId: 'mpsync-test-app', spaceId: address.spaceId, clientSecret: address.clientSecret, endpoint: address.endpoint });
}

/** A new official SDK instance pointed at the emulator; not yet authorized. */
export function newSdk(emulator: EmulatorAddress, adapter: NodeSdkAdapterOptions = {}, overrides: { clientSecret?: string; spaceId?: string } = {}): Sdk {
  return sdkOn(nodeSdkAdapter(adapter), { ...emulator, ...overrides });
}

/** A new official SDK instance, authorized anonymously. */
export async function anonymousSdk(emulator: EmulatorAddress): Promise<Sdk> {
  const sdk = newSdk(emulator);
  await sdk.init({ authType: 'anonymous' });
  return sdk;
}

/** Runs `fn`, expecting it to reject; returns what it rejected with. */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<{ code?: string; message?: string } & Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return error as { code?: string; message?: string };
  }
  throw new Error('expected a rejection, but the call resolved');
}

/** POSTs a raw body to the emulator's /client endpoint and returns the parsed answer. */
export async function rawPost(
  emulator: Emulator,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${emulator.endpoint}/client`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A correctly signed raw `/client` request, as the SDK would send it. */
export async function signedPost(emulator: Emulator, method: string, params: unknown, token?: string): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = { spaceId: emulator.spaceId, method, params: JSON.stringify(params), timestamp: Date.now() };
  if (token) body.token = token;
  const { clientSignature } = await import('../../src/emulator/auth/signature');
  return (await rawPost(emulator, JSON.stringify(body), { 'x-serverless-sign': clientSignature(body, emulator.clientSecret) })).json;
}
