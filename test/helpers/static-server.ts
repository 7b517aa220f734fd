/**
 * A static file server on 127.0.0.1 for the browser suites: URL prefixes
 * mapped to folders, with the content types a browser insists on for
 * modules and WebAssembly.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `routes` maps a URL prefix (`/dist/`) to a folder. `octetStream` lists URL
 * prefixes served as application/octet-stream whatever the file, as a
 * misconfigured server would.
 */
export async function serveStatic(routes: Record<string, string>, octetStream: string[] = []): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pathname = decodeURIComponent(url.pathname);
    const prefix = Object.keys(routes)
      .sort((a, b) => b.length - a.length)
      .find((p) => pathname.startsWith(p));
    const rest = prefix === undefined ? undefined : normalize(pathname.slice(prefix.length));
    if (prefix === undefined || rest === undefined || rest.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    let file = join(routes[prefix]!, rest);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    const type = octetStream.some((p) => pathname.startsWith(p))
      ? 'application/octet-stream'
      : (TYPES[extname(file)] ?? 'application/octet-stream');
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
