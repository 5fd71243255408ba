import { describe, expect, it } from 'vitest';
import { HttpConfigSchema, placeholdersOutsideOrigin } from '../../../src-preload/contract/storage';

/** Where `{key}`/`{sha256}` may sit in a custom-HTTP upload URL: never where they could change the origin. */
describe('placeholdersOutsideOrigin', () => {
  it.each([
    'https://upload.example.com/sketches/{key}',
    'https://upload.example.com/u?name={key}&sha={sha256}',
    'https://upload.example.com/u#{key}',
    'http://127.0.0.1:8080/{sha256}/{key}',
    'https://upload.example.com/upload',
    '',
    'not a url at all',
  ])('allows %s', (url) => {
    expect(placeholdersOutsideOrigin(url)).toBe(true);
  });

  it.each([
    'https://upload.image{key}it.io/api/v1/files/upload',
    'https://{sha256}.example.com/u',
    'https://upload.example.com:44{key}/u',
    '{key}://upload.example.com/u',
    'https:\\\\evil{key}.io\\u',
    'https://upload.example.com{key}/u',
    'x-{key}://upload.example.com/u',
  ])('refuses %s', (url) => {
    expect(placeholdersOutsideOrigin(url)).toBe(false);
  });

  it('the schema says so as a format issue on the URL', () => {
    const config = {
      url: 'https://upload.image{key}it.io/u',
      method: 'PUT',
      fileField: 'file',
      headers: [],
      urlSource: 'location',
      jsonPath: '',
      urlLifetimeHours: 0,
    };
    const r = HttpConfigSchema.safeParse(config);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path, i.code])).toEqual([[['url'], 'invalid_format']]);
    expect(HttpConfigSchema.safeParse({ ...config, url: 'https://upload.imagekit.io/{key}' }).success).toBe(true);
  });
});
