// Child of hostile-servers.test.ts: runs ONE real client call (DashScope client or the custom
// HTTP storage adapter) against a hostile loopback server and prints one JSON line with what
// the call ended in, how much the process' peak RSS grew and the longest event-loop stall.
//
//   node --import tsx hostile-client-child.ts <scenario> <server base URL>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { systemClock } from '../../../src-main/common/clock';
import { DashScopeClient } from '../../../src-main/dashscope/client';
import type { UploadPolicy } from '../../../src-main/dashscope/oss';
import { CustomHttpAdapter } from '../../../src-main/storage/adapters/custom-http';
import { S3Adapter } from '../../../src-main/storage/adapters/s3';

const [scenario, base] = process.argv.slice(2) as [string, string];

const client = () =>
  new DashScopeClient({
    apiKey: 'sk-hostile-test',
    appName: 'Wanx Sketch Studio',
    appVersion: '0.1.0',
    endpoint: { baseUrl: `${base}/api/v1` },
    fetch: globalThis.fetch,
    clock: systemClock,
    retry: { maxAttempts: 1 },
    requestTimeoutMs: 60_000,
    uploadTimeoutMs: 60_000,
  });

const policy: UploadPolicy = {
  model: 'wanx-sketch-to-image-lite',
  policy: 'p',
  signature: 's',
  uploadDir: 'dashscope-instant/x',
  uploadHost: `${base}/oss`,
  expireInSeconds: 300,
  maxFileSizeMb: 100,
  capacityLimitMb: 999,
  ossAccessKeyId: 'id',
  objectAcl: 'private',
  forbidOverwrite: 'true',
  expiresAt: Date.now() + 300_000,
};

const storage = () =>
  new CustomHttpAdapter({
    config: {
      url: `${base}/upload/{key}`,
      method: 'PUT',
      fileField: 'file',
      headers: [],
      urlSource: 'json',
      jsonPath: 'data.url',
      urlLifetimeHours: 0,
    },
    secretHeaders: {},
    secretOrigin: new URL(base).origin,
    fetch: globalThis.fetch,
    clock: systemClock,
  });

/** Path-style S3 at the hostile server: the bucket name picks its behaviour (`declared`, `endless`). */
const s3 = (bucket: string) =>
  new S3Adapter({
    config: {
      endpoint: base,
      region: 'us-east-1',
      bucket,
      pathStyle: true,
      prefix: '',
      presignHours: 1,
      deleteAfterTask: false,
    },
    credentials: { accessKeyId: 'AKIDHOSTILE', secretAccessKey: 'secret' },
    clock: systemClock,
  });

const sketchMeta = {
  sha256: 'a'.repeat(64),
  format: 'png',
  mime: 'image/png',
  width: 1,
  height: 1,
  bytes: 4,
  key: `${'a'.repeat(64)}.png`,
} as const;

const calls: Record<string, () => Promise<unknown>> = {
  // getTask reads the reply body; the server decides how big it is.
  'dashscope-declared-1gb': () => client().getTask('t-1'),
  'dashscope-endless': () => client().getTask('t-1'),
  'oss-unclosed-code': () => client().uploadToOss(policy, { name: 'sketch.png', bytes: new Uint8Array([1, 2, 3, 4]) }),
  'storage-declared-1gb': () => storage().upload(new Uint8Array([1, 2, 3, 4]), sketchMeta),
  'storage-endless': () => storage().upload(new Uint8Array([1, 2, 3, 4]), sketchMeta),
  // The SDK reads every answer's body (an error's XML, a PUT's) into memory before it parses it.
  's3-declared-1gb': () => s3('declared').upload(new Uint8Array([1, 2, 3, 4]), sketchMeta),
  's3-endless': () => s3('endless').upload(new Uint8Array([1, 2, 3, 4]), sketchMeta),
};

const call = calls[scenario];
if (!call) throw new Error(`unknown scenario ${scenario}`);

async function main(run: () => Promise<unknown>): Promise<void> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const baselineKb = process.resourceUsage().maxRSS;
  loop.enable();
  let outcome: { ok: boolean; name?: string; code?: string; message?: string };
  try {
    await run();
    outcome = { ok: true };
  } catch (e) {
    const o = e as { name?: string; code?: string; message?: string };
    outcome = { ok: false, name: o.name, code: o.code, message: String(o.message).slice(0, 300) };
  }
  // A stall is recorded when the monitor's next timer fires late: let it fire before reading.
  await new Promise((resolve) => setTimeout(resolve, 50));
  loop.disable();
  const peakKb = process.resourceUsage().maxRSS;
  process.stdout.write(
    `\n${JSON.stringify({ outcome, rssGrowthMb: Math.round((peakKb - baselineKb) / 1024), loopMaxMs: Math.round(loop.max / 1e6) })}\n`,
  );
  process.exit(0);
}

void main(call);
