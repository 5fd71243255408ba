import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName } from '../../src-preload/contract';
import type { Emit } from '../../src-main/common/events';
import { createDispatcher } from '../../src-main/ipc/dispatcher';
import { createHandlers } from '../../src-main/ipc/handlers';
import { createOriginCheck } from '../../src-main/security/origins';
import { RENDERER_CSP } from '../../src-main/security/csp';
import { mimeTypeOf, resolveRendererFile } from '../../src-main/security/renderer-path';
import { createServices, type Services } from '../../src-main/services';
import { resolveGalleryPath } from '../../src-main/gallery/serve';
import { HARNESS_GALLERY_PREFIX } from '../../src-main/security/gallery-path';
import type { RegionUrls } from '../../src-main/dashscope/endpoints';
import { initScriptFor } from './init-script';
import { buildOutDir } from './out-dir';
import { createNodeDeps, type DesktopLog } from './node-deps';
import { decodeWire, encodeWire, type WireCall } from './wire';

export interface HarnessOptions {
  /** Built renderer (electron-vite build output). */
  rendererDir?: string;
  dataDir: string;
  locale?: string;
  port?: number;
  /** Reuse a token across a restart so an open page's bridge keeps working. */
  token?: string;
  /** DashScope base URLs per region (the simulators); the real hosts when absent. */
  regionUrls?: RegionUrls;
  /** What a first-run API-key import would find. */
  env?: Record<string, string>;
  /** Pretend the OS has no keychain. */
  noKeychain?: boolean;
  /**
   * `npm run harness`: the page opened with `bootstrapUrl` loads its bridge from the server, so a
   * plain browser works without an injected init script (the token is in that URL; loopback only).
   */
  bootstrap?: boolean;
}

export interface HarnessServer {
  readonly url: string;
  readonly token: string;
  /** The URL to open in a plain browser when `bootstrap` is on. */
  readonly bootstrapUrl: string;
  readonly services: Services;
  readonly desktop: DesktopLog;
  /** Calls the dispatcher as a given sender would (used to test sender checks directly). */
  readonly dispatch: (channel: string, payload: unknown, senderUrl: string | undefined) => Promise<unknown>;
  /** Number of sockets refused for a wrong or missing token. */
  readonly refusedConnections: () => number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Serves the built renderer the way the app:// protocol does (same files, same CSP header)
 * and the IPC handler table over a same-origin WebSocket. Same origin matters: the strict
 * CSP (`connect-src 'self'`) stays untouched. Test-only; never bundled into the app.
 */
export async function startHarnessServer(options: HarnessOptions): Promise<HarnessServer> {
  const rendererDir = options.rendererDir ?? join(buildOutDir(), 'renderer');
  const token = options.token ?? randomBytes(24).toString('hex');
  const sockets = new Set<WebSocket>();
  let refused = 0;

  const emit: Emit = (event: EventName, payload: unknown) => {
    const frame = encodeWire({ kind: 'event', event, payload });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(frame);
  };
  const { deps, desktop } = createNodeDeps({
    dataDir: options.dataDir,
    emit,
    locale: options.locale,
    env: options.env,
    noKeychain: options.noKeychain,
  });
  const services = createServices(options.regionUrls ? { ...deps, regionUrls: options.regionUrls } : deps);
  await services.start();

  const server: Server = createServer((req, res) => {
    // Gallery images: the same resolver as the app's app://gallery/ protocol, on this origin.
    if (req.url?.startsWith(HARNESS_GALLERY_PREFIX)) {
      const encoded = req.url.slice(HARNESS_GALLERY_PREFIX.length);
      const found = req.method === 'GET' ? resolveGalleryPath(services.gallery, encoded) : Promise.resolve(null);
      found
        .then((image) => (image ? readFile(image).then((body) => ({ image, body })) : null))
        .then(
          (hit) => {
            if (!hit) return void res.writeHead(404).end('Not found');
            res.writeHead(200, { 'Content-Type': mimeTypeOf(hit.image), 'X-Content-Type-Options': 'nosniff' });
            res.end(hit.body);
          },
          () => res.writeHead(404).end('Not found'),
        );
      return;
    }
    if (options.bootstrap && serveBootstrap(req, res)) return;
    const file = resolveRendererFile(rendererDir, `http://renderer${req.url ?? '/'}`, 'renderer');
    if (!file || req.method !== 'GET') {
      res.writeHead(404).end('Not found');
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'Content-Type': mimeTypeOf(file),
          'Content-Security-Policy': RENDERER_CSP,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        });
        res.end(body);
      },
      () => res.writeHead(404).end('Not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, HOST, resolve));
  const url = `http://${HOST}:${(server.address() as AddressInfo).port}`;

  /**
   * `/?harness=<token>` is index.html with a classic script before the app's module, and that
   * script (`/__harness/bridge.js?token=<token>`, allowed by script-src 'self') is the init script
   * the e2e fixture injects. Both need the token and this server's own loopback Host (no DNS
   * rebinding); anything else falls through to the plain files.
   */
  function serveBootstrap(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || req.headers.host !== new URL(url).host) return false;
    const u = new URL(req.url ?? '/', url);
    const sent = u.pathname === '/__harness/bridge.js' ? u.searchParams.get('token') : u.searchParams.get('harness');
    if (sent === null || !['/', '/index.html', '/__harness/bridge.js'].includes(u.pathname)) return false;
    const ok = sent.length === token.length && timingSafeEqual(Buffer.from(sent), Buffer.from(token));
    if (!ok) {
      res.writeHead(404).end('Not found');
      return true;
    }
    const headers = {
      'Content-Security-Policy': RENDERER_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    };
    const body =
      u.pathname === '/__harness/bridge.js'
        ? initScriptFor(token, url).then((js) => ({ type: 'text/javascript; charset=utf-8', js }))
        : readFile(join(rendererDir, 'index.html'), 'utf8').then((html) => ({
            type: 'text/html; charset=utf-8',
            js: html.replace(
              '<script type="module"',
              `<script src="/__harness/bridge.js?token=${token}"></script>\n    <script type="module"`,
            ),
          }));
    body.then(
      ({ type, js }) => res.writeHead(200, { ...headers, 'Content-Type': type }).end(js),
      () => res.writeHead(404).end('Not found'),
    );
    return true;
  }

  const dispatch = createDispatcher(createHandlers(services), {
    isTrustedSender: createOriginCheck([url]),
    logError: (channel, error) => console.error(`[harness] ${channel} failed:`, error),
  });

  const inFlight = new Set<Promise<void>>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const requestUrl = new URL(req.url ?? '/', url);
    if (requestUrl.pathname !== '/__harness' || requestUrl.searchParams.get('token') !== token) {
      refused++;
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // The browser sets Origin; it plays the part of Electron's senderFrame.url.
      const sender = req.headers.origin;
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let call: WireCall;
        try {
          call = decodeWire(String(data)) as WireCall;
        } catch {
          return;
        }
        const handled = dispatch(call.channel, call.payload, sender).then((result) => {
          if (ws.readyState === ws.OPEN) ws.send(encodeWire({ kind: 'result', id: call.id, result }));
        });
        inFlight.add(handled);
        void handled.finally(() => inFlight.delete(handled));
      });
    });
  });

  return {
    url,
    token,
    bootstrapUrl: `${url}/?harness=${token}#/draw`,
    services,
    desktop,
    dispatch,
    refusedConnections: () => refused,
    async close() {
      // Like an app quitting: calls already received finish (a draft save lands on disk) before
      // the connection goes, so a test's teardown never deletes a folder under a running write.
      // (Capped: a call that never ends must not hang a test's teardown.)
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 5000).unref())]);
      await services.shutdown();
      for (const s of sockets) s.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive HTTP connections from the browser would otherwise hold close() open.
      server.closeAllConnections();
      await closed;
    },
  };
}
