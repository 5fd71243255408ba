// A real S3 for the storage tests: s3rver on a free loopback port, its files in a temp folder.
// Its access key id and secret are both `S3RVER`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export async function startS3rver(
  prefix: string,
  buckets: string[] = ['sketches'],
): Promise<{ s3: S3rver; endpoint: string; port: number }> {
  const s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: mkdtempSync(join(tmpdir(), prefix)),
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = await s3.run();
  return { s3, endpoint: `http://127.0.0.1:${port}`, port };
}
