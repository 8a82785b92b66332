#!/usr/bin/env node
/**
 * Tiny static server for the built demo (dist-demo/). No directory listings, no path traversal,
 * loopback only by default.
 *
 *   import { startDemoServer } from './scripts/demo-server.mjs';
 *   const { url, port, close } = await startDemoServer({ root: 'dist-demo', port: 0 });
 *
 * Run directly (`node scripts/demo-server.mjs [--port N] [--root DIR]`) it serves on 127.0.0.1:5179.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_DEMO_PORT = 5179;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

function send(response, status, body, headers = {}) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  response.end(body);
}

/**
 * Maps a request path to a file under `rootDir`, or null when it escapes the root or is not a file.
 * A directory is served only through its index.html.
 */
async function resolveFile(rootDir, requestPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const candidate = resolve(rootDir, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  if (candidate !== rootDir && !candidate.startsWith(rootDir + sep)) return null;
  try {
    let info = await stat(candidate);
    let file = candidate;
    if (info.isDirectory()) {
      file = join(candidate, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return null;
    // Symlinks must not lead out of the root either.
    const real = await realpath(file);
    if (real !== rootDir && !real.startsWith(rootDir + sep)) return null;
    return { file: real, size: info.size };
  } catch {
    return null;
  }
}

/**
 * Starts the static server.
 * @param {{ root?: string, port?: number, host?: string }} [options]
 *   root: directory to serve, absolute or relative to the project root (default 'dist-demo');
 *   port: 0 picks a free port; host: interface to bind (default 127.0.0.1).
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startDemoServer({ root = 'dist-demo', port = 0, host = '127.0.0.1' } = {}) {
  const rootDir = await realpath(isAbsolute(root) ? root : resolve(projectRoot, root));
  const server = createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const found = await resolveFile(rootDir, pathname);
    if (found === null) {
      send(response, 404, 'Not found\n');
      return;
    }
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(found.size),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(found.file)
      .on('error', () => response.destroy())
      .pipe(response);
  });
  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${boundPort}/`,
    port: boundPort,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections?.();
      }),
  };
}

function readFlag(args, name) {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const port = Number(readFlag(args, '--port') ?? DEFAULT_DEMO_PORT);
  const root = readFlag(args, '--root') ?? 'dist-demo';
  try {
    const { url } = await startDemoServer({ root, port });
    console.log(`CVI demo served from ${root} at ${url}`);
    console.log(
      `  auto-join: ${url}?autojoin=1   knobs: ${url}?autojoin=1&seed=7&jitter=40&drop=0.02&dup=0.02&pal=1&speed=2`,
    );
    console.log('  (build it first with: npx vite build -c vite.demo.config.ts)  Ctrl+C to stop.');
  } catch (error) {
    console.error(`Could not serve ${root}: ${error instanceof Error ? error.message : String(error)}`);
    if (error?.code === 'ENOENT') console.error('Build the demo first: npx vite build -c vite.demo.config.ts');
    process.exit(1);
  }
}
