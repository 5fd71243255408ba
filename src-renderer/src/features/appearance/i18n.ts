export default {
  en: {
    title: 'Appearance',
    language: 'Language',
    languageHint: 'Follows your system language unless you choose one.',
    theme: 'Theme',
    languages: { system: 'System default', en: 'English', 'zh-CN': '简体中文' },
    themes: { system: 'System', light: 'Light', dark: 'Dark' },
  },
  'zh-CN': {
    title: '外观',
    language: '语言',
    languageHint: '默认跟随系统语言，也可以手动选择。',
    theme: '主题',
    languages: { system: '跟随系统', en: 'English', 'zh-CN': '简体中文' },
    themes: { system: '跟随系统', light: '浅色', dark: '深色' },
  },
} as const;
