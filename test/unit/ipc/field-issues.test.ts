import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppErrorSchema, AppFailure, channels, FIELD_ISSUE_KINDS, fieldIssues } from '../../../src-preload/contract';
import { createDispatcher, type Handlers } from '../../../src-main/ipc/dispatcher';
import {
  declaredIssues,
  fieldFor,
  isHttpUrl,
  useFieldErrors,
} from '../../../src-renderer/src/composables/useFieldErrors';
import { labelledParams } from '../../../src-renderer/src/composables/useErrorText';
import { createAppI18n } from '../../../src-renderer/src/i18n';
import { errorCatalogs } from '../../../src-renderer/src/i18n/error-catalogs';
import { errorText } from '../../../src-renderer/src/i18n/error-text';

const sender = 'app://renderer/index.html';
function dispatcher(handlers: Partial<Record<string, () => unknown>> = {}) {
  const all = new Proxy(handlers, { get: (t, k: string) => t[k] ?? (() => null) }) as unknown as Handlers;
  return createDispatcher(all, { isTrustedSender: (u) => u === sender });
}

describe('field issues from the contract schemas', () => {
  it('an invalid payload comes back with each issue path, a stable kind and its limits, never the value', async () => {
    const dispatch = dispatcher();
    const cases: [string, unknown, unknown][] = [
      ['secrets.setApiKey', { apiKey: 'hello world' }, [{ path: ['apiKey'], kind: 'format' }]],
      ['secrets.setApiKey', { apiKey: 'sk-0000' }, [{ path: ['apiKey'], kind: 'tooShort', params: { minimum: 8 } }]],
      [
        'settings.update',
        { dashscope: { customBaseUrl: 'not a url' } },
        [{ path: ['dashscope', 'customBaseUrl'], kind: 'url' }],
      ],
      [
        'settings.update',
        { dashscope: { customBaseUrl: 'ftp://example' } },
        [{ path: ['dashscope', 'customBaseUrl'], kind: 'url' }],
      ],
      [
        'settings.update',
        { storage: { s3: { prefix: '草图/', presignHours: 500 } } },
        [
          { path: ['storage', 's3', 'prefix'], kind: 'format' },
          { path: ['storage', 's3', 'presignHours'], kind: 'tooBig', params: { maximum: 168 } },
        ],
      ],
      ['settings.update', { generation: { n: 2.5 } }, [{ path: ['generation', 'n'], kind: 'integer' }]],
      ['settings.update', { ui: { theme: 'pink' } }, [{ path: ['ui', 'theme'], kind: 'option' }]],
      ['settings.update', { nonsense: 1 }, [{ path: ['nonsense'], kind: 'unknownKey' }]],
    ];
    for (const [channel, payload, issues] of cases) {
      const r = await dispatch(channel, payload, sender);
      expect(r.ok, channel).toBe(false);
      if (r.ok) continue;
      expect(AppErrorSchema.parse(r.error)).toEqual(r.error);
      expect(r.error, JSON.stringify(payload)).toMatchObject({
        code: 'ipc.invalidPayload',
        params: { channel },
        issues,
      });
      expect(r.error.issues).toHaveLength((issues as unknown[]).length);
      // What the person typed stays in the form: neither the issues nor the message repeat it.
      for (const v of ['hello world', 'sk-0000', 'not a url', 'ftp://example', '草图', 'pink']) {
        expect(JSON.stringify(r.error.issues)).not.toContain(v);
      }
      expect(r.error.message).not.toContain('hello world');
    }
  });

  it('a union reports the branch that explains the value, not "expected the other literal"', () => {
    const schema = z.object({
      u: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
      n: z.union([z.literal(0), z.number().min(5)]),
    });
    const issues = fieldIssues(schema.safeParse({ u: 'ftp://x', n: 2 }).error!.issues);
    expect(issues).toEqual([
      { path: ['u'], kind: 'url' },
      { path: ['n'], kind: 'tooSmall', params: { minimum: 5 } },
    ]);
  });

  it('required: an empty string with min(1), and an absent value', () => {
    const schema = z.object({ a: z.string().min(1), b: z.string() });
    expect(fieldIssues(schema.safeParse({ a: '' }).error!.issues)).toEqual([
      { path: ['a'], kind: 'required' },
      { path: ['b'], kind: 'required' },
    ]);
  });

  it('a service failure may carry issues too, and they pass the dispatcher unchanged', async () => {
    const issues = [{ path: ['storage', 's3', 'endpoint'], kind: 'url' as const }];
    const dispatch = dispatcher({
      'app.info': () => {
        // @ts-expect-error no domain lists 'storage.badEndpoint' (AppErrorCode); the dispatcher passes it on as it is
        throw new AppFailure('storage.badEndpoint', 'bad endpoint', { field: 'endpoint' }, issues);
      },
    });
    expect(await dispatch('app.info', undefined, sender)).toEqual({
      ok: false,
      error: { code: 'storage.badEndpoint', message: 'bad endpoint', params: { field: 'endpoint' }, issues },
    });
  });

  it('every kind has its sentence in both languages', () => {
    for (const kind of FIELD_ISSUE_KINDS) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const text = errorText(
          { code: `field.${kind}`, message: 'FALLBACK', params: { minimum: 8, maximum: 9 } },
          locale,
        );
        expect(text, `${kind} ${locale}`).not.toBe('FALLBACK');
        expect(text).not.toMatch(/[{}]/);
      }
    }
  });
});

describe('useFieldErrors', () => {
  it('maps an issue to the longest field key its path starts with', () => {
    const fields = ['storage.http.headers', 'storage.http.headers.0.name', 'apiKey'];
    expect(fieldFor(['storage', 'http', 'headers', 0, 'name'], fields)).toBe('storage.http.headers.0.name');
    expect(fieldFor(['storage', 'http', 'headers', 1, 'name'], fields)).toBe('storage.http.headers');
    expect(fieldFor(['apiKey'], fields)).toBe('apiKey');
    expect(fieldFor(['apiKeyX'], fields)).toBeUndefined();
    expect(fieldFor([], fields)).toBeUndefined();
  });

  it('shows issues under their fields and marks them; clearing one unmarks it', () => {
    const form = useFieldErrors({ idPrefix: 'key', fields: () => ['apiKey'] });
    const schema = channels['secrets.setApiKey'].req;
    expect(form.show(fieldIssues(schema.safeParse({ apiKey: 'hello world' }).error!.issues))).toBe(true);
    expect(form.issue('apiKey')).toEqual({ path: ['apiKey'], kind: 'format' });
    expect(form.attrs('apiKey')).toEqual({ 'aria-invalid': 'true', 'aria-describedby': 'key-apiKey-error' });
    form.clear('apiKey');
    expect(form.attrs('apiKey')).toEqual({});
    expect(form.any()).toBe(false);
  });

  it('declared fields: required and empty, or a URL field that is not http(s), before anything is sent', () => {
    const fields = [
      { key: 'endpoint', kind: 'url', required: true },
      { key: 'bucket', kind: 'text', required: true },
      { key: 'prefix', kind: 'text', required: false },
      { key: 'accessKeyId', kind: 'secret', required: true },
      { key: 'secretAccessKey', kind: 'secret', required: true },
    ];
    const base = ['storage', 's3'];
    expect(declaredIssues(fields, { endpoint: '', bucket: ' ', prefix: '' }, base)).toEqual([
      { path: [...base, 'endpoint'], kind: 'required' },
      { path: [...base, 'bucket'], kind: 'required' },
      { path: [...base, 'accessKeyId'], kind: 'required' },
      { path: [...base, 'secretAccessKey'], kind: 'required' },
    ]);
    const saved = (k: string) => k === 'secretAccessKey';
    expect(declaredIssues(fields, { endpoint: 'not a url', bucket: 'b', accessKeyId: 'AKIA' }, base, saved)).toEqual([
      { path: [...base, 'endpoint'], kind: 'url' },
    ]);
    expect(
      declaredIssues(fields, { endpoint: 'http://127.0.0.1:9000', bucket: 'b', accessKeyId: 'x' }, base, saved),
    ).toEqual([]);
    for (const bad of ['not a url', 'ftp://example', 'http://', 'https:// x', 'example.com'])
      expect(isHttpUrl(bad), bad).toBe(false);
    for (const good of ['https://s3.us-east-1.amazonaws.com', 'http://127.0.0.1:8787/api/v1'])
      expect(isHttpUrl(good), good).toBe(true);
  });

  it('take(): true when every issue has a field on screen; false (a bug: generic message) otherwise', () => {
    const form = useFieldErrors({ idPrefix: 'f', fields: () => ['dashscope.customBaseUrl'] });
    const placed = {
      code: 'ipc.invalidPayload',
      message: 'm',
      issues: [{ path: ['dashscope', 'customBaseUrl'], kind: 'url' as const }],
    };
    expect(form.take(placed)).toBe(true);
    expect(form.issue('dashscope.customBaseUrl')?.kind).toBe('url');
    const bug = {
      code: 'ipc.invalidPayload',
      message: 'm',
      issues: [{ path: ['onboarding', 'x'], kind: 'unknownKey' as const }],
    };
    expect(form.take(bug)).toBe(false);
    expect(form.any()).toBe(false);
    expect(form.take({ code: 'internal', message: 'm' })).toBe(false);
  });
});

describe('error texts for where they appear', () => {
  it('storage ids become the labels on screen, and a context picks its own wording', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const i18n = createAppI18n(locale);
      const t = i18n.global.t as unknown as (k: string, n?: Record<string, unknown>) => string;
      const te = (k: string) => i18n.global.te(k);
      const missing = { code: 'storage.missingSecret', message: 'm', params: { adapter: 's3', field: 'accessKeyId' } };
      const shown = errorText({ ...missing, params: labelledParams(missing.params, t, te) }, locale);
      expect(shown).toContain(locale === 'en' ? 'Access key ID' : 'Access Key ID');
      expect(shown).toContain(locale === 'en' ? 'S3-compatible bucket' : 'S3 兼容存储桶');
      expect(shown).not.toMatch(/accessKeyId|\bs3\b/);
      const inSettings = errorText({ ...missing, params: labelledParams(missing.params, t, te) }, locale, 'settings');
      expect(inSettings).not.toMatch(/Settings|设置/);
      const header = labelledParams({ adapter: 'http', field: 'header:Authorization' }, t, te);
      expect(String(header?.field)).toContain('Authorization');
      // A connection test has no sketch to keep.
      const unreachable = { code: 'storage.unreachable', message: 'm', params: { endpoint: 'http://x' } };
      expect(errorText(unreachable, locale)).toMatch(/sketch|草图/);
      expect(errorText(unreachable, locale, 'test')).not.toMatch(/sketch|草图/);
      expect(errorText(unreachable, locale, 'no-such-context')).toBe(errorText(unreachable, locale));
    }
  });

  it('no message a person reads names a channel, a field id or a placeholder code', () => {
    const channelNames = Object.keys(channels);
    const ids = [
      'accessKeyId',
      'secretAccessKey',
      'customBaseUrl',
      'workspaceId',
      'presignHours',
      'jsonPath',
      'fileField',
      '{code}',
      '{status}',
      '{channel}',
    ];
    for (const catalog of errorCatalogs) {
      for (const locale of ['en', 'zh-CN'] as const) {
        for (const [code, text] of Object.entries(catalog[locale] as Record<string, string>)) {
          for (const name of [...channelNames, ...ids]) expect(text, `${locale} ${code}`).not.toContain(name);
        }
      }
    }
  });
});
