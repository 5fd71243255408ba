export default {
  en: {
    'ipc.unknownChannel': 'The app does not know this request. Please update the app.',
    'ipc.invalidPayload': 'The app could not handle this request. This is a bug in the app; please report it.',
    'ipc.forbiddenSender': 'This window is not allowed to talk to the app.',
    'ipc.invalidResponse': 'The app produced an answer it could not use. This is a bug in the app; please report it.',
    internal: 'Something went wrong inside the app. The details were logged.',
    'app.linkNotAllowed': 'For your safety the app opens only its own help and console sites.',
    'renderer.noBridge': 'The app could not connect to its main process. Please restart it.',
  },
  'zh-CN': {
    'ipc.unknownChannel': '应用无法识别此请求，请更新应用。',
    'ipc.invalidPayload': '应用无法处理此请求。这是应用的缺陷，请反馈此问题。',
    'ipc.forbiddenSender': '此窗口无权与应用通信。',
    'ipc.invalidResponse': '应用产生了无法使用的结果。这是应用的缺陷，请反馈此问题。',
    internal: '应用内部出错，详细信息已记录。',
    'app.linkNotAllowed': '为安全起见，应用只会打开自身的帮助和控制台网站。',
    'renderer.noBridge': '应用无法连接到主进程，请重新启动。',
  },
} as const;
