/**
 * Test pages on 127.0.0.1 for the end-to-end tests, the Firefox tests and the browser benchmarks: fixtures, each installed daily-js version's dist under /daily/<version>/, and the
 * built demo (dist-demo) under /demo/. Two servers give two origins (the app and a cross-origin "Prebuilt").
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** daily-js versions installed for tests (package.json aliases). */
export const DAILY_VERSIONS: Record<string, string> = {
  '0.92.2': 'node_modules/@daily-co/daily-js/dist',
  '0.80.0': 'node_modules/daily-js-0.80/dist',
  '0.60.0': 'node_modules/daily-js-0.60/dist',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

function resolveFile(urlPath: string): string | undefined {
  const clean = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  const within = (base: string, rest: string) => {
    const full = path.resolve(ROOT, base, '.' + path.posix.normalize('/' + rest));
    return full.startsWith(path.resolve(ROOT, base)) ? full : undefined;
  };
  const daily = /^\/daily\/([^/]+)\/(.+)$/.exec(clean);
  if (daily) {
    const dir = DAILY_VERSIONS[daily[1] as string];
    return dir ? within(dir, daily[2] as string) : undefined;
  }
  if (clean.startsWith('/fixtures/')) return within('test/fixtures', clean.slice('/fixtures/'.length));
  if (clean.startsWith('/demo/')) {
    const rest = clean.slice('/demo/'.length) || 'index.html';
    return within('dist-demo', rest.endsWith('/') ? rest + 'index.html' : rest);
  }
  return undefined;
}

export interface TestServer {
  origin: string;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    const file = resolveFile(req.url ?? '/');
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache', // revalidate every load, but let pages into the back/forward cache
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
