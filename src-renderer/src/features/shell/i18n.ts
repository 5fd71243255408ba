export default {
  en: {
    appName: 'Wanx Sketch Studio',
    nav: { label: 'Main navigation', draw: 'Draw', queue: 'Queue', gallery: 'Gallery', settings: 'Settings' },
    queue: {
      title: 'Queue',
      emptyTitle: 'Nothing in the queue',
      emptyBody: 'Generations you start from the Draw view wait here until DashScope has finished them, even across restarts.',
    },
    gallery: {
      title: 'Gallery',
      emptyTitle: 'Your gallery is empty',
      emptyBody: 'Every image you generate is saved here on this computer, long after DashScope’s 24-hour links expire.',
    },
    draw: { title: 'Draw' },
    settings: { title: 'Settings' },
    loading: 'Loading…',
    dismiss: 'Dismiss',
  },
  'zh-CN': {
    appName: '万相涂鸦工作室',
    nav: { label: '主导航', draw: '绘制', queue: '队列', gallery: '画廊', settings: '设置' },
    queue: {
      title: '队列',
      emptyTitle: '队列为空',
      emptyBody: '在“绘制”页发起的生成任务会在这里等待 DashScope 完成，重启应用也不会丢失。',
    },
    gallery: {
      title: '画廊',
      emptyTitle: '画廊还是空的',
      emptyBody: '生成的每张图片都会保存在本机，即使 DashScope 的 24 小时链接过期也不会丢失。',
    },
    draw: { title: '绘制' },
    settings: { title: '设置' },
    loading: '加载中…',
    dismiss: '关闭',
  },
} as const;
