// The relay's own sniffer, the last fallback: a document where no hook ever answers the handshake (here: a copy of
// the built extension whose manifest drops the MAIN-world hook). Incoming and outgoing app-messages must still reach
// the panel, labelled as sniffed and read-only; with the hook present this listener is never added.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXTENSION_DIR, launchWithExtension, type ExtensionSession } from '../support/browser';
import { startServer, type TestServer } from '../support/server';
import { incoming, outgoing, panelFrames, seqsOf, waitForInputs } from './support/panel';

let server: TestServer;
let session: ExtensionSession;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvi-relay-only-'));
  fs.cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { content_scripts: { world?: string }[] };
  manifest.content_scripts = manifest.content_scripts.filter((script) => script.world !== 'MAIN');
  expect(manifest.content_scripts).toHaveLength(1);
  fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  server = await startServer();
  session = await launchWithExtension([], dir);
});

afterAll(async () => {
  await session?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

type W = { __joined?: boolean; __fakeMachine: { burst(n: number): void }; __appSend(d: unknown): void };

it('captures through the relay alone when no hook answers, marked as sniffed', async () => {
  const page = await session.context.newPage();
  await page.goto(`${server.origin}/fixtures/esm.html?v=0.92.2`);
  await page.waitForFunction(() => (window as unknown as W).__joined === true, undefined, { timeout: 15_000 });
  await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(5));
  await page.evaluate(() => (window as unknown as W).__appSend({ hello: 'sniffed' }));
  const panel = await session.openPanel(page);
  const inputs = await waitForInputs(
    panel,
    (i) => seqsOf(i).length === 5 && outgoing(i).length >= 1,
    '5 in + 1 out, sniffed',
  );
  expect(seqsOf(inputs)).toEqual([1, 2, 3, 4, 5]);
  expect(new Set([...incoming(inputs), ...outgoing(inputs)].map((i) => i.record.via))).toEqual(new Set(['sniffer']));
  const calls = (await panelFrames(panel)).flatMap((f) => f.calls);
  expect(calls).toHaveLength(1);
  expect(calls[0]).toMatchObject({ via: 'sniffer', canSend: false, found: 'sniffed' });
  await panel.close();
  await page.close();
});
