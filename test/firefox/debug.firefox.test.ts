import { it } from 'vitest';
import { startServer } from '../e2e/support/server';
import { launchFirefox } from './support/firefox';
it('debug', async () => {
  const server = await startServer();
  const s = await launchFirefox();
  await s.installExtension();
  const page = await s.newPage();
  await page.goto(`${server.origin}/fixtures/esm.html?v=0.92.2&tab=x`);
  await page.waitForFunction(() => (window as any).__joined === true);
  try {
    const read = await s.openDevToolsPanel(page);
    for (let i = 0; i < 5; i++) {
      try { console.log('READ', JSON.stringify(await read())?.slice(0, 300)); } catch (e) { console.log('ERR', (e as Error).message); }
      await new Promise((r) => setTimeout(r, 1000));
    }
  } catch (e) { console.log('OPEN ERR', (e as Error).message); }
  await s.close(); await server.close();
});
