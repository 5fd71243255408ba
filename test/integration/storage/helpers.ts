import { createServer, type Server } from 'node:net';
import sharp from 'sharp';
import type { Clock } from '../../../src-main/common/clock';
import { inspectSketch } from '../../../src-main/storage/image-limits';

export async function sketchPng(background = '#ffffff', size = 512) {
  const bytes = new Uint8Array(
    await sharp({ create: { width: size, height: size, channels: 3, background } })
      .composite([{ input: Buffer.from(`<svg width="${size}" height="${size}"><path d="M10 10 L${size - 10} ${size - 10}" stroke="black" stroke-width="6"/></svg>`) }])
      .png()
      .toBuffer(),
  );
  return { bytes, meta: inspectSketch(bytes) };
}

export function fixedClock(now: number): Clock {
  return { now: () => now, sleep: async () => {} };
}

/** A loopback port with nothing listening on it: bind, note the port, close. */
export async function deadPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}
