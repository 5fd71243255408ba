import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  linkExpired,
  linkExpiresAt,
  UNKNOWN_SERVER_CLOCK_MARGIN_MS,
  verifyResult,
} from '../../../src-main/jobs/results/fetch-image';
import { resultSlots, withinN } from '../../../src-main/jobs/results/slots';
import { ServerClock } from '../../../src-main/dashscope/time';

const HOUR = 3_600_000;

describe('result links', () => {
  it('expire at their own Expires (epoch s), else 24 h after the task ended', () => {
    expect(
      linkExpiresAt('https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png?Expires=1730512282&Signature=x', 0),
    ).toBe(1730512282000);
    expect(linkExpiresAt('https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png', 1_000)).toBe(
      1_000 + 24 * HOUR,
    );
    expect(linkExpiresAt('https://x/a.png?Expires=soon', 1_000)).toBe(1_000 + 24 * HOUR);
  });

  it('are judged by the server clock the answers told, else by the PC clock with a wide margin', () => {
    const server = new ServerClock();
    const expiresAt = 100 * HOUR;
    // A PC clock 30 h ahead, nothing heard from the server yet: not expired until the margin passes.
    expect(linkExpired(expiresAt, expiresAt + 1, server)).toBe(false);
    expect(linkExpired(expiresAt, expiresAt + UNKNOWN_SERVER_CLOCK_MARGIN_MS, server)).toBe(true);
    // The server says it is 30 h earlier than the PC: its clock decides.
    const pcNow = expiresAt + 5 * HOUR;
    server.observe(new Response(null, { headers: { Date: new Date(pcNow - 30 * HOUR).toUTCString() } }), pcNow);
    expect(linkExpired(expiresAt, pcNow, server)).toBe(false);
    expect(linkExpired(expiresAt, expiresAt + 30 * HOUR, server)).toBe(true);
  });
});

describe('result slots', () => {
  const result = {
    images: Array.from({ length: 216 }, (_, index) => ({ index, url: `https://h/${index}.png` })).filter(
      (i) => i.index !== 1,
    ),
    failures: [{ index: 1, code: 'InternalError.Timeout', message: 'timeout' }],
  };

  it('are exactly the n asked for: extra URLs ignored, a missing one counts as failed', () => {
    const slots = resultSlots(result, 4);
    expect(slots.map((s) => [s.index, s.kind])).toEqual([
      [0, 'url'],
      [1, 'failed'],
      [2, 'url'],
      [3, 'url'],
    ]);
    expect(resultSlots({ images: [], failures: [] }, 2)).toEqual([
      { index: 0, kind: 'failed', code: 'InternalError', message: 'No result for this image.' },
      { index: 1, kind: 'failed', code: 'InternalError', message: 'No result for this image.' },
    ]);
  });

  it('the record keeps only the n slots', () => {
    const kept = withinN({ imageCount: 4, scheduledAt: null, endedAt: null, requestId: null, ...result }, 1);
    expect(kept.images).toEqual([{ index: 0, url: 'https://h/0.png' }]);
    expect(kept.failures).toEqual([]);
  });
});

describe('verifyResult', () => {
  const image = (w: number, h: number, format: 'png' | 'jpeg' | 'webp') =>
    sharp({ create: { width: w, height: h, channels: 3, background: '#8af' } })
      [format]()
      .toBuffer();

  it('takes a 768² PNG or JPEG', async () => {
    expect(await verifyResult(await image(768, 768, 'png'))).toBeNull();
    expect(await verifyResult(await image(768, 768, 'jpeg'))).toBeNull();
  });

  it('refuses another size or format from the header, and bytes that are no image', async () => {
    expect(await verifyResult(await image(769, 768, 'png'))).toBe('769×768 instead of 768×768');
    expect(await verifyResult(await image(768, 768, 'webp'))).toMatch(/^not PNG or JPEG/);
    expect(await verifyResult(new TextEncoder().encode('<html>'))).toBe('not an image');
  });

  it('refuses a PNG whose header is right but whose data is cut', async () => {
    const png = await image(768, 768, 'png');
    expect(await verifyResult(png.subarray(0, png.length - 30))).toMatch(/^not a decodable image/);
  });
});
