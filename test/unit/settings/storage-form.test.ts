import { describe, expect, it } from 'vitest';
import type { HttpConfig, HttpHeader, S3Config } from '../../../src-preload/contract/storage';
import {
  addressOf,
  fieldKeys,
  fieldPath,
  formIssues,
  headerIssues,
  originOf,
  secretErrorProps,
  secretOf,
  testRequest,
  typedSecrets,
} from '../../../src-renderer/src/features/settings/storage-form';

const headers: HttpHeader[] = [
  { name: 'Authorization', secret: true },
  { name: 'X-Plain', value: 'v', secret: false },
];
const s3 = { endpoint: 'https://s3.example.com', bucket: 'b' } as unknown as S3Config;
const http = { url: 'https://up.example.com/u/{key}', headers } as unknown as HttpConfig;

describe('storage form: fields and addresses', () => {
  it('names every field by its request path, header rows included', () => {
    expect(fieldKeys('s3', [{ key: 'endpoint' }, { key: 'accessKeyId' }], [])).toEqual([
      'storage.s3.endpoint',
      'storage.s3.accessKeyId',
    ]);
    expect(fieldKeys('http', [{ key: 'url' }], headers)).toEqual([
      'storage.http.url',
      'storage.http.headers.0.name',
      'storage.http.headers.0.value',
      'storage.http.headers.1.name',
      'storage.http.headers.1.value',
    ]);
  });

  it('an address is the origin of the endpoint (S3) or the upload URL (HTTP)', () => {
    expect(originOf('https://s3.example.com:9000/path?q')).toBe('https://s3.example.com:9000');
    expect(originOf('not a url')).toBe('');
    expect(originOf(undefined)).toBe('');
    expect(addressOf('s3', s3)).toBe('https://s3.example.com');
    expect(addressOf('http', http)).toBe('https://up.example.com');
    expect(addressOf('http', undefined)).toBe('');
  });
});

describe('storage form: secrets', () => {
  it('keeps only typed secrets that still belong to a field on screen', () => {
    const pending = {
      s3: { accessKeyId: 'AK', secretAccessKey: '' },
      http: { 'header:Authorization': 'Bearer x', 'header:Gone': 'y' },
    };
    expect(typedSecrets('s3', pending, headers)).toEqual([['accessKeyId', 'AK']]);
    expect(typedSecrets('http', pending, headers)).toEqual([['header:Authorization', 'Bearer x']]);
  });

  it('a header needs a name, and a secret header a value saved or typed', () => {
    const rows: HttpHeader[] = [{ name: ' ', value: '', secret: false }, ...headers];
    expect(headerIssues(rows, () => false, {})).toEqual([
      { path: ['storage', 'http', 'headers', 0, 'name'], kind: 'required' },
      { path: ['storage', 'http', 'headers', 1, 'value'], kind: 'required' },
    ]);
    expect(headerIssues(rows, (f) => f === 'header:Authorization', {})).toHaveLength(1);
    expect(headerIssues(rows, () => false, { 'header:Authorization': 'typed' })).toHaveLength(1);
  });

  it('maps form paths to secret fields and back', () => {
    expect(secretOf(['storage', 's3', 'accessKeyId'], [])).toBe('accessKeyId');
    expect(secretOf(['storage', 's3', 'bucket'], [])).toBeUndefined();
    expect(secretOf(['storage', 'http', 'headers', 0, 'value'], headers)).toBe('header:Authorization');
    expect(secretOf(['storage', 'http', 'headers', 1, 'value'], headers)).toBeUndefined();
    expect(fieldPath('http', 'header:Authorization', headers)).toEqual(['storage', 'http', 'headers', 0, 'value']);
    expect(fieldPath('http', 'header:Missing', headers)).toEqual(['storage', 'http', 'header:Missing']);
    expect(fieldPath('s3', 'secretAccessKey', [])).toEqual(['storage', 's3', 'secretAccessKey']);
  });
});

describe('storage form: issue paths of a refusal', () => {
  const error = (paths: (string | number)[][]) => ({
    code: 'ipc.invalidPayload',
    message: '',
    issues: paths.map((path) => ({ path, kind: 'format' as const })),
  });

  it('a secret request’s `value` is the field the secret was typed in', () => {
    expect(formIssues(error([['value']]), 'http', headers, 'header:Authorization')).toEqual([
      { path: ['storage', 'http', 'headers', 0, 'value'], kind: 'format' },
    ]);
    expect(formIssues(error([['value']]), 's3', [], 'accessKeyId')).toEqual([
      { path: ['storage', 's3', 'accessKeyId'], kind: 'format' },
    ]);
  });

  it('a test request’s `config.*` and `secrets.<i>.*` are the form’s fields', () => {
    const request = testRequest('http', { s3: null, http }, { s3: {}, http: { 'header:Authorization': 'Bearer x' } });
    expect(
      formIssues(
        error([['config', 'url'], ['secrets', 0, 'value'], ['elsewhere']]),
        'http',
        headers,
        undefined,
        request,
      ),
    ).toEqual([
      { path: ['storage', 'http', 'url'], kind: 'format' },
      { path: ['storage', 'http', 'headers', 0, 'value'], kind: 'format' },
      { path: ['elsewhere'], kind: 'format' },
    ]);
  });

  it('leaves an error without issues, or without a form, as it is', () => {
    expect(formIssues({ code: 'x', message: '' }, 's3', [])).toBeUndefined();
    const e = error([['config', 'url']]);
    expect(formIssues(e, null, [])).toBe(e.issues);
  });
});

describe('storage form: the test request', () => {
  it('sends what is on screen with the secrets typed, and nothing for the temporary space', () => {
    expect(testRequest('s3', { s3, http: null }, { s3: { accessKeyId: 'AK' }, http: {} })).toEqual({
      adapter: 's3',
      config: s3,
      secrets: [{ field: 'accessKeyId', value: 'AK' }],
    });
    expect(testRequest('s3', { s3, http: null }, { s3: {}, http: {} })).toEqual({ adapter: 's3', config: s3 });
    expect(testRequest('http', { s3: null, http }, { s3: {}, http: {} })).toEqual({ adapter: 'http', config: http });
    expect(testRequest(null, { s3, http }, { s3: {}, http: {} })).toEqual({ adapter: 'dashscope-temp' });
    expect(testRequest('s3', { s3: null, http }, { s3: {}, http: {} })).toEqual({ adapter: 'dashscope-temp' });
  });
});

describe('storage form: a secret field shows its error like any field', () => {
  it('is marked and described by its error while it has one, and neither otherwise', () => {
    const errors = {
      attrs: (key: string) =>
        key === 'bad' ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'storage-err-bad' } : {},
    };
    expect(secretErrorProps(errors, 'bad')).toEqual({ invalid: true, describedBy: 'storage-err-bad' });
    expect(secretErrorProps(errors, 'fine')).toEqual({ invalid: false });
  });
});
