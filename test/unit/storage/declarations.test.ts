import { describe, expect, it } from 'vitest';
import { HttpConfigSchema, S3ConfigSchema, STORAGE_ADAPTERS } from '../../../src-preload/contract/storage';
import { SettingsPatchSchema } from '../../../src-preload/contract/settings';
import { readJsonPath } from '../../../src-main/storage/adapters/custom-http';

describe('adapter field declarations', () => {
  it('declare every non-secret config field exactly once, and nothing else that is not secret', () => {
    for (const [schema, decl] of [
      [S3ConfigSchema, STORAGE_ADAPTERS.s3],
      [HttpConfigSchema, STORAGE_ADAPTERS.http],
    ] as const) {
      const nonSecret = decl.fields
        .filter((f) => f.kind !== 'secret')
        .map((f) => f.key)
        .sort();
      expect(nonSecret).toEqual(Object.keys(schema.shape).sort());
    }
  });

  it('mark the S3 access key and secret as secret (keychain)', () => {
    const secret = STORAGE_ADAPTERS.s3.fields.filter((f) => f.kind === 'secret').map((f) => f.key);
    expect(secret).toEqual(['accessKeyId', 'secretAccessKey']);
  });

  it('the settings patch schema has no place for a secret header value', () => {
    const patch = { storage: { http: { headers: [{ name: 'Authorization', secret: true, value: 'Bearer x' }] } } };
    expect(SettingsPatchSchema.safeParse(patch).success).toBe(false);
    expect(
      SettingsPatchSchema.safeParse({ storage: { http: { headers: [{ name: 'Authorization', secret: true }] } } })
        .success,
    ).toBe(true);
  });

  it('refuses a non-ASCII S3 prefix (DashScope rejects URLs with Chinese characters)', () => {
    expect(SettingsPatchSchema.safeParse({ storage: { s3: { prefix: '草图/' } } }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ storage: { s3: { prefix: 'sketches/2026/' } } }).success).toBe(true);
  });
});

describe('readJsonPath', () => {
  it('walks objects and arrays and returns only strings', () => {
    const body = { data: { url: 'https://x/y.png', files: [{ url: 'https://x/z.png' }] }, n: 1 };
    expect(readJsonPath(body, 'data.url')).toBe('https://x/y.png');
    expect(readJsonPath(body, 'data.files.0.url')).toBe('https://x/z.png');
    expect(readJsonPath(body, 'n')).toBeNull();
    expect(readJsonPath(body, 'data.missing.url')).toBeNull();
    expect(readJsonPath('https://plain', '')).toBe('https://plain');
  });
});
