import type { ConfirmRequest, ShowConfirm } from '../common/dialogs';
import type { Locale } from '../../src-preload/contract/domain/locale';
import type { ApiKeySource } from '../../src-preload/contract/secrets';
import type { StorageSecretAdapter } from './accounts';

/**
 * Questions main asks before a secret goes somewhere the user has not put it: each names the
 * secret and the origin it would be sent to. Worded here, in main, so a renderer can neither
 * word nor answer them.
 */
export type SecretDestinationQuestion =
  | { readonly kind: 'importApiKey'; readonly source: ApiKeySource; readonly origin: string }
  | { readonly kind: 'legacyApiKey'; readonly origin: string }
  | { readonly kind: 'legacyStorage'; readonly adapter: StorageSecretAdapter; readonly origin: string };

const SOURCES: Record<Locale, Record<ApiKeySource, string>> = {
  en: { env: 'the environment variable DASHSCOPE_API_KEY', file: 'the file ~/.dashscope/api_key' },
  'zh-CN': { env: '环境变量 DASHSCOPE_API_KEY', file: '文件 ~/.dashscope/api_key' },
};

const STORAGE: Record<Locale, Record<StorageSecretAdapter, string>> = {
  en: { s3: 'S3 access keys', http: 'secret upload headers' },
  'zh-CN': { s3: 'S3 访问密钥', http: '上传的保密请求头' },
};

const TEXTS = {
  en: {
    title: 'Send a secret to this address?',
    importApiKey: 'Use the DashScope API key found in {source} with this endpoint?',
    legacyApiKey: 'Use the DashScope API key saved by an earlier version with this endpoint?',
    legacyStorage: 'Use the {what} saved by an earlier version with this storage address?',
    detail:
      'It would be sent to:\n{origin}\n\nThis is not one of the official DashScope regions. Say yes only if you entered this address yourself and trust it.',
    detailStorage:
      'They would be sent to:\n{origin}\n\nSay yes only if you entered this address yourself and trust it.',
    confirm: 'Send it there',
    cancel: 'Don’t send',
  },
  'zh-CN': {
    title: '要把密钥发送到这个地址吗？',
    importApiKey: '要将在{source}中找到的 DashScope API 密钥用于这个接口地址吗？',
    legacyApiKey: '要将旧版本保存的 DashScope API 密钥用于这个接口地址吗？',
    legacyStorage: '要将旧版本保存的{what}用于这个存储地址吗？',
    detail: '密钥将发送到：\n{origin}\n\n这不是 DashScope 的官方地域。只有在该地址是您亲自填写且信任时才选择发送。',
    detailStorage: '这些密钥将发送到：\n{origin}\n\n只有在该地址是您亲自填写且信任时才选择发送。',
    confirm: '发送到该地址',
    cancel: '不发送',
  },
} as const;

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

export function secretDestinationText(question: SecretDestinationQuestion, language: Locale): ConfirmRequest {
  const t = TEXTS[language];
  const values = {
    origin: question.origin,
    source: question.kind === 'importApiKey' ? SOURCES[language][question.source] : '',
    what: question.kind === 'legacyStorage' ? STORAGE[language][question.adapter] : '',
  };
  return {
    title: t.title,
    message: fill(t[question.kind], values),
    detail: fill(question.kind === 'legacyStorage' ? t.detailStorage : t.detail, values),
    confirmLabel: t.confirm,
    cancelLabel: t.cancel,
  };
}

/** Asks one question through main's dialog; a dialog that fails to show counts as no. */
export type ConfirmSecretDestination = (question: SecretDestinationQuestion) => Promise<boolean>;

/**
 * One question at a time: while a dialog is open, another request (a renderer may fire many)
 * opens none and counts as no, so the user is never stacked dialogs until one slips through.
 */
export function secretDestinationAsker(show: ShowConfirm, language: () => Locale): ConfirmSecretDestination {
  let open = false;
  return async (question) => {
    if (open) return false;
    open = true;
    try {
      return (await show(secretDestinationText(question, language()))) === true;
    } catch {
      return false;
    } finally {
      open = false;
    }
  };
}
