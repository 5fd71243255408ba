import type { Locale } from '../../../src-preload/contract/domain/locale';

/**
 * Words for error params that did not come with the error (a retry line knows only the code it
 * backs off from), so no message ever shows a raw `{endpoint}`. Names not listed here make the
 * message fall back to `generic`, which names the code.
 */
export const PARAM_FALLBACKS: Record<
  Locale,
  { readonly names: Readonly<Record<string, string>>; readonly generic: string }
> = {
  en: {
    names: {
      endpoint: 'the server',
      adapter: 'the sketch upload',
      field: 'a setting',
      bucket: 'the bucket',
      region: 'another region',
      path: 'the folder',
      file: 'the file',
      where: 'the configured place',
      backup: 'a backup file',
      detail: 'no details',
      format: 'another format',
      version: 'a newer version',
    },
    generic: 'This step failed ({code}).',
  },
  'zh-CN': {
    names: {
      endpoint: '服务器',
      adapter: '草图上传',
      field: '某项设置',
      bucket: '存储桶',
      region: '其他地域',
      path: '该文件夹',
      file: '该文件',
      where: '设定的位置',
      backup: '备份文件',
      detail: '无详情',
      format: '其他格式',
      version: '更新的版本',
    },
    generic: '此步骤失败（{code}）。',
  },
};
