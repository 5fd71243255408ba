import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src-main/common/clock';
import type { ActiveAdapter } from '../../../src-main/storage/registry';
import type { SketchMeta, StorageAdapter, UploadResult } from '../../../src-main/storage/types';
import { SketchUploader } from '../../../src-main/storage/uploader';

const HOUR = 3_600_000;

function manualClock(start = 0): Clock & { t: number } {
  const c = { t: start, now: () => c.t, sleep: async () => {} };
  return c;
}

/** Counts what reaches the storage; a real adapter is tested against real servers in integration. */
function countingAdapter(clock: Clock, lifetimeMs: number | null) {
  const uploads: SketchMeta[] = [];
  const deletes: string[] = [];
  let failNext = false;
  const adapter: StorageAdapter = {
    id: 's3',
    async upload(_bytes, meta): Promise<UploadResult> {
      if (failNext) {
        failNext = false;
        throw Object.assign(new Error('boom'), { code: 'storage.unreachable' });
      }
      uploads.push(meta);
      return {
        url: `https://bucket.test/${meta.key}?n=${uploads.length}`,
        expiresAt: lifetimeMs === null ? null : clock.now() + lifetimeMs,
        headers: {},
        ref: { adapter: 's3', key: meta.key },
      };
    },
    async delete(key) {
      deletes.push(key);
    },
    async test() {
      return { endpoint: 'https://bucket.test' };
    },
  };
  return { adapter, uploads, deletes, failOnce: () => (failNext = true) };
}

const png = async (bg: string) =>
  new Uint8Array(
    await sharp({ create: { width: 300, height: 300, channels: 3, background: bg } })
      .png()
      .toBuffer(),
  );

const DEST = {
  adapter: 's3',
  endpoint: 'https://bucket.test',
  region: 'r',
  bucket: 'b',
  pathStyle: true,
  credentialId: 'c',
} as const;

/** The deleter is the same counting adapter: what it deletes is what reached the storage. */
function uploaderFor(active: Partial<ActiveAdapter> & { adapter: StorageAdapter }, clock: Clock) {
  return new SketchUploader({
    active: async () => ({ fingerprint: 'fp', deleteAfterTask: false, destination: DEST, ...active }),
    clock,
    deleter: async () => active.adapter,
  });
}

describe('SketchUploader', () => {
  it('uploads the same sketch once and reuses the URL while it stays valid long enough', async () => {
    const clock = manualClock();
    const s = countingAdapter(clock, 24 * HOUR);
    const uploader = uploaderFor({ adapter: s.adapter }, clock);
    const bytes = await png('#ffffff');
    const first = await uploader.upload(bytes);
    const second = await uploader.upload(new Uint8Array(bytes));
    expect(s.uploads).toHaveLength(1);
    expect(second).toMatchObject({ url: first.url, reused: true });
    expect(first.reused).toBe(false);

    await uploader.upload(await png('#fefefe'));
    expect(s.uploads).toHaveLength(2);

    clock.t += 21 * HOUR; // 3 h left: less than a queued task may need
    const third = await uploader.upload(bytes);
    expect(third.reused).toBe(false);
    expect(s.uploads).toHaveLength(3);
  });

  it('never reuses an upload made to another destination', async () => {
    const clock = manualClock();
    const s = countingAdapter(clock, null);
    let fingerprint = 'bucket-a';
    const uploader = new SketchUploader({
      active: async () => ({
        adapter: s.adapter,
        fingerprint,
        deleteAfterTask: false,
        destination: { ...DEST, bucket: fingerprint },
      }),
      clock,
    });
    const bytes = await png('#ffffff');
    await uploader.upload(bytes);
    fingerprint = 'bucket-b';
    await uploader.upload(bytes);
    expect(s.uploads).toHaveLength(2);
  });

  it('checks the limits before touching the storage', async () => {
    const clock = manualClock();
    const s = countingAdapter(clock, null);
    const uploader = uploaderFor({ adapter: s.adapter }, clock);
    const wide = new Uint8Array(
      await sharp({ create: { width: 400, height: 300, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    await expect(uploader.upload(wide)).rejects.toMatchObject({ code: 'storage.image.notSquare' });
    expect(s.uploads).toHaveLength(0);
  });

  it('caches nothing when an upload fails, so the retry really uploads', async () => {
    const clock = manualClock();
    const s = countingAdapter(clock, null);
    const uploader = uploaderFor({ adapter: s.adapter }, clock);
    const bytes = await png('#ffffff');
    s.failOnce();
    await expect(uploader.upload(bytes)).rejects.toThrow('boom');
    const retry = await uploader.upload(bytes);
    expect(retry.reused).toBe(false);
    expect(s.uploads).toHaveLength(1);
  });

  it('deletes after the task only when asked to, and only when no other job still holds the object', async () => {
    const clock = manualClock();
    const s = countingAdapter(clock, 24 * HOUR);
    const keep = uploaderFor({ adapter: s.adapter, deleteAfterTask: false }, clock);
    const a = await keep.upload(await png('#ffffff'));
    expect(await keep.release(a.ref)).toBe(false);
    expect(s.deletes).toEqual([]);

    const del = uploaderFor({ adapter: s.adapter, deleteAfterTask: true }, clock);
    const bytes = await png('#eeeeee');
    const job1 = await del.upload(bytes);
    const job2 = await del.upload(bytes); // same sketch, second job
    expect(await del.release(job1.ref)).toBe(false);
    expect(s.deletes).toEqual([]);
    expect(await del.release(job2.ref)).toBe(true);
    expect(s.deletes).toEqual([job1.ref.key]);
    // Gone from the cache too: the next job uploads again.
    expect((await del.upload(bytes)).reused).toBe(false);
  });
});
