import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/** Helpers for tests that need sketches and somewhere to host them. */

export interface StrokeRect {
  x: number;
  y: number;
  w: number;
  h: number;
  color: readonly [number, number, number];
}

/** A white sketch with solid coloured bars, encoded as the given format. */
export async function makeSketch(o: {
  width?: number;
  height?: number;
  strokes?: StrokeRect[];
  format?: 'png' | 'jpeg' | 'webp' | 'tiff' | 'gif';
}): Promise<Buffer> {
  const width = o.width ?? 768;
  const height = o.height ?? 768;
  const strokes = o.strokes ?? [
    {
      x: Math.floor(width * 0.2),
      y: Math.floor(height * 0.45),
      w: Math.floor(width * 0.6),
      h: Math.max(4, Math.floor(height * 0.06)),
      color: [0, 0, 0],
    },
  ];
  const raw = Buffer.alloc(width * height * 3, 255);
  for (const s of strokes) {
    for (let y = s.y; y < Math.min(height, s.y + s.h); y++) {
      for (let x = s.x; x < Math.min(width, s.x + s.w); x++) {
        const i = (y * width + x) * 3;
        raw[i] = s.color[0];
        raw[i + 1] = s.color[1];
        raw[i + 2] = s.color[2];
      }
    }
  }
  const img = sharp(raw, { raw: { width, height, channels: 3 } });
  switch (o.format ?? 'png') {
    case 'jpeg':
      return img.jpeg({ quality: 95 }).toBuffer();
    case 'webp':
      return img.webp({ lossless: true }).toBuffer();
    case 'tiff':
      return img.tiff().toBuffer();
    case 'gif':
      return img.gif().toBuffer();
    default:
      return img.png().toBuffer();
  }
}

export interface FileServer {
  url(path: string): string;
  put(path: string, body: Buffer, type?: string): void;
  close(): Promise<void>;
}

/** A loopback static server for sketches (the simulator downloads them like DashScope would). */
export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, { body: Buffer; type: string }>();
  const server = createServer((req, res) => {
    const f = files.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!f) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': f.type, 'Content-Length': String(f.body.length) }).end(f.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    put: (path, body, type = 'image/png') => void files.set(path, { body, type }),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
