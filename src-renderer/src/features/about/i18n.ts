export default {
  en: {
    title: 'About',
    version: 'Version',
    electron: 'Electron',
    chrome: 'Chromium',
    node: 'Node.js',
    platform: 'Platform',
    dataDir: 'Data folder',
    revealDataDir: 'Show in folder',
    loadFailed: 'Could not read the app information.',
  },
  'zh-CN': {
    title: '关于',
    version: '版本',
    electron: 'Electron',
    chrome: 'Chromium',
    node: 'Node.js',
    platform: '平台',
    dataDir: '数据文件夹',
    revealDataDir: '在文件夹中显示',
    loadFailed: '无法读取应用信息。',
  },
} as const;
