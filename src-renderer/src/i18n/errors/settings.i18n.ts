export default {
  en: {
    'settings.invalid': 'These settings are not valid.',
    'settings.customUrlRequired': 'Enter the endpoint URL for the custom region first.',
    'settings.writeFailed': 'The settings could not be saved to {path}.',
    'settings.resetCorrupt': 'The settings file was damaged and has been reset. A copy was kept at {backup}.',
    'settings.resetUnreadable':
      'The settings file {path} could not be read or replaced; changes will last only until you quit.',
    'settings.newerVersion':
      'These settings were written by a newer version of the app (schema {version}); unknown parts are kept.',
  },
  'zh-CN': {
    'settings.invalid': '这些设置无效。',
    'settings.customUrlRequired': '请先填写自定义地域的接口地址。',
    'settings.writeFailed': '无法将设置保存到 {path}。',
    'settings.resetCorrupt': '设置文件已损坏并已重置，原文件备份在 {backup}。',
    'settings.resetUnreadable': '无法读取或替换设置文件 {path}，更改仅在本次运行期间有效。',
    'settings.newerVersion': '这些设置由更新版本的应用写入（版本 {version}），未知部分会被保留。',
  },
} as const;
