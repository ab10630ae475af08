import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { anonymousSdk, rejectionOf, type Sdk } from '../helpers/sdk';

const plain = (url: string) => url.replace(/^https:/, 'http:');

describe.each([
  ['in memory', false],
  ['in a data folder', true],
])('files %s', (_label, durable) => {
  let emulator: Emulator;
  let sdk: Sdk;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mpsync-files-'));
    emulator = await createEmulator({ port: 0, ...(durable ? { dataDir: join(dir, 'data') } : {}) });
    sdk = await anonymousSdk(emulator);
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads through the SDK flow, serves the bytes back at the URL, reports info, deletes', async () => {
    const path = join(dir, 'photo.png');
    writeFileSync(path, Buffer.from([137, 80, 78, 71, 1, 2, 3]));
    const uploaded = await sdk.file.uploadFile({ filePath: path });
    expect(uploaded.fileId).toMatch(/^file-/);
    expect(uploaded.fileUrl).toBe(`https://${emulator.endpoint.slice('http://'.length)}/__cdn/${uploaded.filePath}`);
    const response = await fetch(plain(uploaded.fileUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71, 1, 2, 3]));

    const info = await sdk.file.info([uploaded.fileId]);
    expect(info).toEqual([expect.objectContaining({ fileId: uploaded.fileId, size: 7, contentType: 'image/png', fileUrl: uploaded.fileUrl })]);

    expect(await sdk.file.deleteFile(uploaded.fileUrl)).toMatchObject({ success: true });
    expect((await fetch(plain(uploaded.fileUrl))).status).toBe(404);
    expect((await rejectionOf(() => sdk.file.deleteFile(uploaded.fileUrl))).code).toBe('FileNotFound');
  });

  it('honours cloudPath as the stored name', async () => {
    const path = join(dir, 'avatar.jpg');
    writeFileSync(path, 'jpeg-bytes');
    const uploaded = await sdk.file.uploadFile({ filePath: path, cloudPath: 'avatars/me.jpg' });
    expect(uploaded.filePath).toBe(`${emulator.spaceId}/avatars/me.jpg`);
    expect(await (await fetch(plain(uploaded.fileUrl))).text()).toBe('jpeg-bytes');
  });

  it('refuses an upload whose signature does not match its policy', async () => {
    const sign = await sdk.network.forward('serverless.file.resource.generateProximalSign', { env: 'public', filename: 'x.png', size: 1 });
    const form = new FormData();
    form.append('key', sign.result.ossPath);
    form.append('policy', sign.result.policy);
    form.append('Signature', 'forged');
    form.append('file', new Blob(['x']), 'file');
    const response = await fetch(`${emulator.endpoint}/__oss`, { method: 'POST', body: form });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'InvalidUploadSignature' } });
    expect(await sdk.file.info([sign.result.id])).toEqual([]);
  });

  it('refuses path tricks in the signing step', async () => {
    const error = await rejectionOf(() =>
      sdk.network.forward('serverless.file.resource.generateProximalSign', { env: 'public', filename: 'x.png', size: 1, fileId: '../../etc/passwd' }),
    );
    expect(error.code).toBe('InvalidParameter');
  });
});
