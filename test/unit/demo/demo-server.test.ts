import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script without type declarations
import { startDemoServer } from '../../../scripts/demo-server.mjs';

interface Server {
  url: string;
  port: number;
  close(): Promise<void>;
}

let server: Server;
let sandbox: string;

/** Raw request so paths like /../x reach the server unnormalised. */
function get(path: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'cvi-demo-server-'));
  const root = join(sandbox, 'site');
  mkdirSync(join(root, 'call-machine'), { recursive: true });
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(root, 'call-machine', 'call-machine-object-bundle.js'), '(function(){})();');
  writeFileSync(join(root, 'style.css'), 'body{}');
  writeFileSync(join(sandbox, 'secret.txt'), 'outside the root');
  symlinkSync(join(sandbox, 'secret.txt'), join(root, 'link.txt'));
  server = (await startDemoServer({ root, port: 0 })) as Server;
});

afterAll(async () => {
  await server?.close();
  rmSync(sandbox, { recursive: true, force: true });
});

describe('startDemoServer', () => {
  it('listens on a free loopback port and reports its URL', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('serves files with the right content types, and index.html for /', async () => {
    expect(await get('/')).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><title>demo</title>',
    });
    expect(await get('/call-machine/call-machine-object-bundle.js?v=1')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
    });
    expect((await get('/style.css')).type).toBe('text/css; charset=utf-8');
    expect(await get('/style.css', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('never lists directories or leaves the root', async () => {
    expect((await get('/empty/')).status).toBe(404);
    expect((await get('/call-machine/')).status).toBe(404);
    expect((await get('/../secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/..%2fsecret.txt')).status).toBe(404);
    expect((await get('/link.txt')).status).toBe(404);
    expect((await get('/%00')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('/', 'POST')).status).toBe(405);
  });
});
