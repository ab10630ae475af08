import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { anonymousSdk, type Sdk } from '../helpers/sdk';
import { emulatorFiles, download } from '../files/upload-helpers';
import { alipayStandIn } from '../platform/standins/alipay';
import { StandInStore, type MiniProgramControls } from '../platform/standins/common';
import { dingtalkStandIn } from '../platform/standins/dingtalk';
import { StandInFiles, withFiles } from '../platform/standins/files';
import { wechatStandIn } from '../platform/standins/wechat';
import { startApp } from './runtime';

interface World {
  readonly global: 'my' | 'wx' | 'dd';
  readonly api: object;
  readonly controls: MiniProgramControls;
  readonly online: string;
  readonly auth: Record<string, unknown>;
}

// Each runtime's stand-in on a device (its key-value store and its files), started offline.
const WORLDS: Record<string, (store: StandInStore, files: StandInFiles, offline: () => boolean) => World> = {
  alipay: (store, files, offline) => {
    const s = alipayStandIn({ network: 'NOTREACHABLE', store });
    return { global: 'my', api: withFiles(s.my, files, offline), controls: s, online: 'WIFI', auth: { authProvider: 'alipay_openapi' } };
  },
  wechat: (store, files, offline) => {
    const s = wechatStandIn({ network: 'none', store });
    return { global: 'wx', api: withFiles(s.wx, files, offline), controls: s, online: 'wifi', auth: { authProvider: 'wechat_openapi' } };
  },
  dingtalk: (store, files, offline) => {
    const s = dingtalkStandIn({ network: 'NOTREACHABLE', store });
    return { global: 'dd', api: withFiles(s.dd, files, offline), controls: s, online: 'Wi-Fi', auth: { authProvider: 'dingtalk_openapi' } };
  },
};

const OPEN = `
  const mp = new MPServerless($GLOBAL, { appId: 'mpsync-test-app', spaceId: config.spaceId, clientSecret: config.clientSecret, endpoint: config.endpoint });
  const client = await mpsync.createSyncClient({ mpServerless: mp, collections: { reports: {} }, auth: config.auth });
  app.client = client;
  app.reports = client.db.collection('reports');
`;

describe.each(Object.keys(WORLDS))('offline uploads in the bundle on a bare %s runtime', (name) => {
  let emulator: Emulator;
  let server: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    server = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  it('upload offline → app killed → started again → network on: exactly one file, the document on the server holds its real URL', async () => {
    const store = new StandInStore();
    const files = new StandInFiles(name === 'wechat' ? 'wxfile://' : 'https://resource/');
    let offline = true;
    const config = (world: World) => ({ spaceId: emulator.spaceId, clientSecret: emulator.clientSecret, endpoint: emulator.endpoint, auth: world.auth });
    const photo = files.addTemp('jpg', new Uint8Array(50_000).fill(42));

    const first = WORLDS[name]!(store, files, () => offline);
    const run1 = startApp(first.global, first.api, config(first));
    const accepted = (await run1.run(
      `
      ${OPEN.replace('$GLOBAL', first.global)}
      const answer = await app.client.file.uploadFile({ filePath: ${JSON.stringify(photo)} });
      await app.reports.insertOne({ _id: 'm1', title: 'leaking roof', photo: answer.fileUrl, photoId: answer.fileId });
      const tooBig = await app.client.file.uploadFile({ filePath: config.big }).then(() => null, (e) => e.code);
      return { answer, tooBig, status: app.client.status() };
    `.replace('config.big', JSON.stringify(files.addTemp('png', new Uint8Array(10 * 1024 * 1024)))),
    )) as {
      answer: { fileUrl: string; fileId: string };
      tooBig: string | null;
      status: { pendingUploads: number; pendingUploadBytes: number };
    };
    expect(accepted.answer.fileUrl).toMatch(/^mpsync-pending:/);
    expect(accepted.status).toMatchObject({ pendingUploads: 1, pendingUploadBytes: 50_000 });
    // The saved-file quota (10 MB in all) is checked before a file is accepted.
    expect(accepted.tooBig).toBe('QUOTA_EXCEEDED');
    expect(files.savedPaths()).toHaveLength(1);
    run1.kill();
    files.restart();

    const second = WORLDS[name]!(store, files, () => offline);
    const run2 = startApp(second.global, second.api, config(second));
    const before = (await run2.run(`${OPEN.replace('$GLOBAL', second.global)} return app.client.status();`)) as { pendingUploads: number };
    expect(before.pendingUploads).toBe(1);
    const filesBefore = (await emulatorFiles(emulator)).length;
    offline = false;
    second.controls.setNetwork(second.online);
    const after = (await run2.run(`
      await new Promise((resolve) => {
        const check = (s) => { if (s.pendingUploads === 0) resolve(); };
        app.client.onStatus(check);
        check(app.client.status());
      });
      await app.client.syncNow();
      await app.client.waitForPendingWrites();
      return { status: app.client.status(), doc: (await app.reports.findOne({ _id: 'm1' })).result };
    `)) as { status: { pendingUploads: number; pendingWrites: number }; doc: { photo: string; photoId: string } };
    run2.kill();

    expect(after.status).toMatchObject({ pendingUploads: 0, pendingWrites: 0 });
    expect(files.uploads).toBe(1);
    expect(files.savedPaths()).toEqual([]);
    const listed = await emulatorFiles(emulator);
    expect(listed).toHaveLength(filesBefore + 1);
    const onServer = ((await server.db.collection('reports').find({ _id: 'm1' })) as { result: Array<{ photo: string; photoId: string }> }).result;
    expect(onServer).toEqual([expect.objectContaining({ photo: after.doc.photo, photoId: after.doc.photoId })]);
    expect(onServer[0]!.photo).toMatch(/^https:\/\/.*\/__cdn\//);
    expect(listed.map((f) => f.Id)).toContain(onServer[0]!.photoId);
    expect(await download(onServer[0]!.photo)).toEqual(new Uint8Array(50_000).fill(42));
  });
});
