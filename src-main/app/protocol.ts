import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { RENDERER_HOST, RENDERER_SCHEME } from '../ipc/trusted-origins';
import { RENDERER_CSP } from '../security/csp';
import { mimeTypeOf, resolveRendererFile } from '../security/renderer-path';

/** Must run before `app.ready`: makes app:// a standard, secure origin instead of file://. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from `rendererDir`, with the CSP as a header on every answer. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(RENDERER_SCHEME, async (request) => {
    const file = resolveRendererFile(rendererDir, request.url, RENDERER_HOST);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': mimeTypeOf(file),
          'Content-Security-Policy': RENDERER_CSP,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
