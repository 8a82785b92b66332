/** The usual end-to-end fixture: a test server and one Chromium with the built extension, shared by a file. */
import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from '../../support/server';
import { launchWithExtension, type ExtensionSession } from '../../support/browser';

export interface ExtensionEnv {
  server: TestServer;
  session: ExtensionSession;
}

/** Registers beforeAll/afterAll for the calling test file; read the fields inside tests. */
export function useExtensionEnv(): ExtensionEnv {
  const env = {} as ExtensionEnv;
  beforeAll(async () => {
    env.server = await startServer();
    env.session = await launchWithExtension();
  });
  afterAll(async () => {
    await env.session?.close();
    await env.server?.close();
  });
  return env;
}

/** Opens a fixture page and waits until its app has joined the call (`window.__joined`). */
export async function openJoined(env: ExtensionEnv, path: string): Promise<Page> {
  const page = await env.session.context.newPage();
  await page.goto(`${env.server.origin}${path}`);
  await page.waitForFunction(() => (window as unknown as { __joined?: boolean }).__joined === true, undefined, {
    timeout: 15_000,
  });
  return page;
}
