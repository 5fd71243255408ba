import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { RENDERER_HOST, RENDERER_SCHEME } from '../security/origins';
import { RENDERER_CSP } from '../security/csp';
import { GALLERY_HOST } from '../security/gallery-path';
import { mimeTypeOf, resolveRendererFile } from '../security/renderer-path';

/** Must run before `app.ready`: makes app:// a standard, secure origin instead of file://. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** A gallery image's bytes and path (for its type), or null for 404. */
export type GalleryImageReader = (url: string) => Promise<{ readonly path: string; readonly bytes: Buffer } | null>;

/**
 * Serves the built renderer from `rendererDir`, with the CSP as a header on every answer, and
 * gallery images at `app://gallery/<id>/<file>` through `galleryImage` (images only, confined to
 * the gallery, size-capped).
 */
export function serveRenderer(rendererDir: string, galleryImage: GalleryImageReader): void {
  protocol.handle(RENDERER_SCHEME, async (request) => {
    if (new URL(request.url).host === GALLERY_HOST) {
      const image = request.method === 'GET' ? await galleryImage(request.url) : null;
      if (!image) return new Response('Not found', { status: 404 });
      return new Response(new Uint8Array(image.bytes), {
        headers: {
          'Content-Type': mimeTypeOf(image.path),
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'max-age=3600',
        },
      });
    }
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
