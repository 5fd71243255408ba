/** Strings of the app shell every view shares: the name, the navigation, loading and dismiss. */
export default {
  en: {
    appName: 'Wanx Sketch Studio',
    nav: { label: 'Main navigation', draw: 'Draw', queue: 'Queue', gallery: 'Gallery', settings: 'Settings' },
    settings: { title: 'Settings' },
    loading: 'Loading…',
    dismiss: 'Dismiss',
  },
  'zh-CN': {
    appName: '万相涂鸦工作室',
    nav: { label: '主导航', draw: '绘制', queue: '队列', gallery: '画廊', settings: '设置' },
    settings: { title: '设置' },
    loading: '加载中…',
    dismiss: '关闭',
  },
} as const;
