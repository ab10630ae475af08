import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, OpenApiErrorCode, type Emulator } from '../../src/emulator';
import { popSignature, popTimestamp } from '../../src/emulator/openapi/pop-signature';
import { anonymousSdk, rejectionOf, type Sdk } from '../helpers/sdk';
import { RPCClient, type PopClient } from './pop-client';

interface Signed {
  Id: string;
  SignUrl: string;
  OssCallbackUrl: string;
  Overwrite: boolean;
  RequestId: string;
}
interface Listed {
  DataList: { Id: string; Name: string; Size: number; Url: string; Type: string }[];
  Paginator: { PageSize: number; NextToken: string };
}

const plain = (url: string) => url.replace(/^https:/, 'http:');
const bytes = (text: string) => new TextEncoder().encode(text);

describe.each([
  ['in memory', false],
  ['in a data folder', true],
])('OpenAPI server-side uploads %s', (_label, durable) => {
  let emulator: Emulator;
  let pop: PopClient;
  let sdk: Sdk;
  let dir: string;
  const describeUpload = (params: object) =>
    pop.request<Signed>('DescribeFileUploadSignedUrl', { RegionId: 'cn-hangzhou', SpaceId: emulator.spaceId, ...params }, { method: 'POST' });
  const put = (url: string, body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) => fetch(url, { method: 'PUT', body, headers });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mpsync-openapi-'));
    emulator = await createEmulator({ port: 0, ...(durable ? { dataDir: join(dir, 'data') } : {}) });
    pop = new RPCClient({
      accessKeyId: emulator.accessKeyId,
      accessKeySecret: emulator.accessKeySecret,
      endpoint: emulator.openApiEndpoint,
      apiVersion: '2019-06-15',
    });
    sdk = await anonymousSdk(emulator);
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the documented three steps with pop-core; the file is then visible to the client SDK', async () => {
    expect(emulator.accessKeyId).toBe('mpsync-local-key');
    const body = bytes('<h1>hello</h1>');
    const signed = await describeUpload({ Filename: 'index.html', Size: body.byteLength, ContentType: 'text/html' });
    expect(signed).toMatchObject({
      Id: expect.stringMatching(/^file-/),
      SignUrl: expect.stringContaining('/openapi/oss/'),
      Overwrite: false,
      RequestId: expect.any(String),
    });
    const response = await put(signed.SignUrl, body, { 'content-type': 'text/html' });
    expect(response.status).toBe(200);
    // Not visible before RegisterFile in this flow.
    expect(await sdk.file.info([signed.Id])).toEqual([]);
    expect(await pop.request('RegisterFile', { RegionId: 'cn-hangzhou', SpaceId: emulator.spaceId, Id: signed.Id }, { method: 'POST' })).toEqual({
      RequestId: expect.any(String),
    });
    const [info] = (await sdk.file.info([signed.Id])) as { fileId: string; fileUrl: string; size: number; contentType: string }[];
    expect(info).toMatchObject({ fileId: signed.Id, size: body.byteLength, contentType: 'text/html' });
    const download = await fetch(plain(info!.fileUrl));
    expect(download.headers.get('content-type')).toBe('text/html');
    expect(await download.text()).toBe('<h1>hello</h1>');
    // A repeated RegisterFile (its answer was lost) is harmless.
    await pop.request('RegisterFile', { SpaceId: emulator.spaceId, Id: signed.Id }, { method: 'POST' });
  });

  it('completes an upload whose PUT carries the x-oss-callback header, without RegisterFile', async () => {
    const body = bytes('a,b\n1,2\n');
    const signed = await describeUpload({ Filename: 'export.csv', Size: body.byteLength, ContentType: 'text/csv' });
    const callback = Buffer.from(
      JSON.stringify({
        callbackUrl: signed.OssCallbackUrl,
        callbackBody: JSON.stringify({ fileId: signed.Id, spaceId: emulator.spaceId }),
        callbackBodyType: 'application/json',
      }),
    ).toString('base64');
    const response = await put(signed.SignUrl, body, { 'content-type': 'text/csv', 'x-oss-callback': callback });
    expect(response.status).toBe(200);
    const [info] = (await sdk.file.info([signed.Id])) as { fileUrl: string }[];
    expect(await (await fetch(plain(info!.fileUrl))).text()).toBe('a,b\n1,2\n');

    const wrong = await describeUpload({ Filename: 'x.csv', Size: 1, ContentType: 'text/csv' });
    const forOther = Buffer.from(
      JSON.stringify({ callbackUrl: wrong.OssCallbackUrl, callbackBody: JSON.stringify({ fileId: signed.Id, spaceId: emulator.spaceId }) }),
    ).toString('base64');
    const refused = await put(wrong.SignUrl, bytes('1'), { 'content-type': 'text/csv', 'x-oss-callback': forOther });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<Code>InvalidArgument</Code>');
  });

  it('overwrites a path named by FileId, and an existing file named by its id, keeping the id', async () => {
    const first = await describeUpload({ Filename: 'logo.png', Size: 1, ContentType: 'image/png', FileId: '/assets/logo.png' });
    expect(first.Overwrite).toBe(false);
    expect((await put(first.SignUrl, bytes('1'), { 'content-type': 'image/png' })).status).toBe(200);
    await pop.request('RegisterFile', { SpaceId: emulator.spaceId, Id: first.Id }, { method: 'POST' });
    const second = await describeUpload({ Filename: 'logo.png', Size: 2, ContentType: 'image/png', FileId: '/assets/logo.png' });
    expect(second).toMatchObject({ Id: first.Id, Overwrite: true });
    // Signing the overwrite does not hide the stored file.
    expect(await sdk.file.info([first.Id])).toEqual([expect.objectContaining({ size: 1 })]);
    expect((await put(second.SignUrl, bytes('22'), { 'content-type': 'image/png' })).status).toBe(200);
    await pop.request('RegisterFile', { SpaceId: emulator.spaceId, Id: second.Id }, { method: 'POST' });
    const [info] = (await sdk.file.info([first.Id])) as { fileUrl: string; filePath: string; size: number }[];
    expect(info).toMatchObject({ filePath: `${emulator.spaceId}/assets/logo.png`, size: 2 });
    expect(await (await fetch(plain(info!.fileUrl))).text()).toBe('22');

    const third = await describeUpload({ Filename: 'logo.png', Size: 3, ContentType: 'image/png', FileId: info!.fileUrl });
    expect(third).toMatchObject({ Id: first.Id, Overwrite: true });
    expect((await rejectionOf(() => describeUpload({ Filename: 'a.png', FileId: 'file-unknown' }))).code).toBe('InvalidFileId');
  });

  it('lists and deletes files as ListFile and DeleteFile document', async () => {
    const ids: string[] = [];
    for (const name of ['one.txt', 'two.txt', 'three.txt']) {
      const signed = await describeUpload({ Filename: name, Size: 3, ContentType: 'text/plain', FileId: `/list/${name}` });
      await put(signed.SignUrl, bytes('abc'), { 'content-type': 'text/plain' });
      await pop.request('RegisterFile', { SpaceId: emulator.spaceId, Id: signed.Id }, { method: 'POST' });
      ids.push(signed.Id);
    }
    const page1 = await pop.request<Listed>('ListFile', { SpaceId: emulator.spaceId, Prefix: '/list', PageSize: 2 }, { method: 'POST' });
    expect(page1.DataList.map((f) => f.Name)).toHaveLength(2);
    expect(page1.DataList[0]).toMatchObject({ Type: 'TXT', Size: 3, Url: expect.stringContaining('/__cdn/') });
    expect(page1.Paginator.NextToken).not.toBe('');
    const page2 = await pop.request<Listed>(
      'ListFile',
      { SpaceId: emulator.spaceId, Prefix: '/list', PageSize: 2, NextToken: page1.Paginator.NextToken },
      { method: 'POST' },
    );
    expect([...page1.DataList, ...page2.DataList].map((f) => f.Name).sort()).toEqual(['one.txt', 'three.txt', 'two.txt']);
    expect(page2.Paginator.NextToken).toBe('');
    const byKeyword = await pop.request<Listed>('ListFile', { SpaceId: emulator.spaceId, Keyword: 'thr' }, { method: 'POST' });
    expect(byKeyword.DataList.map((f) => f.Id)).toEqual([ids[2]]);
    const byId = await pop.request<Listed>('ListFile', { SpaceId: emulator.spaceId, FileId: `${ids[0]},${ids[1]}` }, { method: 'POST' });
    expect(byId.DataList.map((f) => f.Id).sort()).toEqual([ids[0], ids[1]].sort());

    // An unknown id fails the whole request: nothing is deleted.
    expect((await rejectionOf(() => pop.request('DeleteFile', { SpaceId: emulator.spaceId, Id: `${ids[0]},nope` }, { method: 'POST' }))).code).toBe(
      'InvalidId',
    );
    expect(await sdk.file.info([ids[0]])).toHaveLength(1);
    await pop.request('DeleteFile', { SpaceId: emulator.spaceId, Id: ids[0] }, { method: 'POST' });
    expect(await sdk.file.info([ids[0]])).toEqual([]);
    await pop.request('DeleteFile', { SpaceId: emulator.spaceId, Id: 'list/' }, { method: 'POST' });
    expect(await sdk.file.info([ids[1], ids[2]])).toEqual([]);
  });

  it('refuses a PUT with another content type or size, an expired or a reused URL', async () => {
    const signed = await describeUpload({ Filename: 'r.txt', Size: 4, ContentType: 'text/plain' });
    const typed = await put(signed.SignUrl, bytes('abcd'), { 'content-type': 'image/png' });
    expect(typed.status).toBe(403);
    expect(await typed.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(await (await put(signed.SignUrl, bytes('abcde'), { 'content-type': 'text/plain' })).text()).toContain('<Code>EntityTooLarge</Code>');
    expect(await (await put(signed.SignUrl, bytes('abc'), { 'content-type': 'text/plain' })).text()).toContain('<Code>EntityTooSmall</Code>');
    expect((await put(signed.SignUrl, bytes('abcd'), { 'content-type': 'text/plain' })).status).toBe(200);
    const reused = await put(signed.SignUrl, bytes('abcd'), { 'content-type': 'text/plain' });
    expect(reused.status).toBe(403);
    expect(await reused.text()).toContain('<Code>AccessDenied</Code>');
    // Two PUTs of one URL at once: only one is accepted.
    const once = await describeUpload({ Filename: 'once.txt', Size: 1, ContentType: 'text/plain' });
    const both = await Promise.all([0, 1].map(() => put(once.SignUrl, bytes('1'), { 'content-type': 'text/plain' })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 403]);
    const url = new URL(signed.SignUrl);
    url.searchParams.set('Expires', String(Number(url.searchParams.get('Expires')) + 60));
    expect(await (await put(url.toString(), bytes('abcd'), { 'content-type': 'text/plain' })).text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('answers gateway errors with their HTTP status and { RequestId, Code, Message }, which pop-core rejects with', async () => {
    const badSecret = new RPCClient({
      accessKeyId: emulator.accessKeyId,
      accessKeySecret: 'wrong',
      endpoint: emulator.openApiEndpoint,
      apiVersion: '2019-06-15',
    });
    expect((await rejectionOf(() => badSecret.request('ListFile', { SpaceId: emulator.spaceId }, { method: 'POST' }))).code).toBe('SignatureDoesNotMatch');
    const badKey = new RPCClient({ accessKeyId: 'someone-else', accessKeySecret: 'x', endpoint: emulator.openApiEndpoint, apiVersion: '2019-06-15' });
    expect((await rejectionOf(() => badKey.request('ListFile', { SpaceId: emulator.spaceId }, { method: 'POST' }))).code).toBe('InvalidAccessKeyId.NotFound');
    expect((await rejectionOf(() => pop.request('DescribeFileUploadSignedUrl', { SpaceId: emulator.spaceId }, { method: 'POST' }))).code).toBe(
      'MissingFilename',
    );
    expect((await rejectionOf(() => pop.request('ListFile', {}, { method: 'POST' }))).code).toBe('MissingSpaceId');
    expect((await rejectionOf(() => pop.request('ListFile', { SpaceId: 'other' }, { method: 'POST' }))).code).toBe('InvalidSpaceId');
    expect((await rejectionOf(() => pop.request('CreateSpace', { SpaceId: emulator.spaceId }, { method: 'POST' }))).code).toBe('InvalidApi.NotFound');
    expect((await rejectionOf(() => describeUpload({ Filename: 'big.bin', Size: 1024 ** 3 }))).code).toBe('InvalidSize');
    // GET works too (pop-core's default method).
    expect(await pop.request<Listed>('ListFile', { SpaceId: emulator.spaceId, Keyword: 'no-such-name' })).toMatchObject({ DataList: [] });

    const params: Record<string, string> = {
      Action: 'ListFile',
      Version: '2019-06-15',
      Format: 'JSON',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'nonce-fixed-1',
      AccessKeyId: emulator.accessKeyId,
      Timestamp: popTimestamp(Date.now()),
      SpaceId: emulator.spaceId,
    };
    const send = async (p: Record<string, string>) => {
      const response = await fetch(`${emulator.openApiEndpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...p, Signature: popSignature('POST', p, emulator.accessKeySecret) }).toString(),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect((await send(params)).status).toBe(200);
    expect(await send(params)).toEqual({ status: 400, body: { RequestId: expect.any(String), Code: 'SignatureNonceUsed', Message: expect.any(String) } });
    const stale = { ...params, SignatureNonce: 'nonce-fixed-2', Timestamp: popTimestamp(Date.now() - 16 * 60_000) };
    expect(await send(stale)).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Expired' } });
    expect(await send({ ...params, SignatureNonce: 'nonce-fixed-3', Timestamp: 'yesterday' })).toMatchObject({
      status: 400,
      body: { Code: 'InvalidTimeStamp.Format' },
    });
    expect(await send({ ...params, SignatureNonce: 'nonce-fixed-4', AccessKeyId: 'nobody' })).toMatchObject({
      status: 404,
      body: { Code: 'InvalidAccessKeyId.NotFound' },
    });
  });
});

describe('docs/emulator.md', () => {
  it('lists every OpenAPI error code', () => {
    const doc = readFileSync(new URL('../../docs/emulator.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Server-side OpenAPI'), doc.indexOf('## Faults'));
    for (const code of Object.values(OpenApiErrorCode)) expect(section).toContain(`\`${code}\``);
  });
});

describe('docs/files.md', () => {
  it('runs its pop-core script unchanged but for the port against the emulator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mpsync-docs-'));
    const emulator = await createEmulator({ port: 0 });
    try {
      const doc = readFileSync(new URL('../../docs/files.md', import.meta.url), 'utf8');
      const script = /```js\n([\s\S]*?)```/
        .exec(doc)![1]!
        .replace("'http://127.0.0.1:8790/openapi'", JSON.stringify(emulator.openApiEndpoint))
        .replace("from '@alicloud/pop-core'", `from ${JSON.stringify(createRequire(import.meta.url).resolve('@alicloud/pop-core'))}`);
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist/index.html'), '<h1>docs</h1>');
      writeFileSync(join(dir, 'upload.mjs'), script);
      const env = { ...process.env, MPSYNC_ACCESS_KEY_ID: emulator.accessKeyId, MPSYNC_ACCESS_KEY_SECRET: emulator.accessKeySecret };
      const child = spawn(process.execPath, ['upload.mjs'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      const id = /^uploaded (\S+)$/m.exec(out)![1]!;
      const sdk = await anonymousSdk(emulator);
      const [info] = (await sdk.file.info([id])) as { filePath: string; fileUrl: string }[];
      expect(info!.filePath).toBe(`${emulator.spaceId}/site/index.html`);
      expect(await (await fetch(plain(info!.fileUrl))).text()).toBe('<h1>docs</h1>');
    } finally {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
