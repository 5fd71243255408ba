export default {
  en: {
    'ipc.unknownChannel': 'The app does not know this request. Please update the app.',
    'ipc.invalidPayload': 'The app refused a malformed request ({channel}).',
    'ipc.forbiddenSender': 'This window is not allowed to talk to the app.',
    'ipc.invalidResponse': 'The app produced an unexpected answer ({channel}). Please report this.',
    internal: 'Something went wrong inside the app. The details were logged.',
    'app.linkNotAllowed': 'For your safety the app opens only its own help and console sites.',
    'renderer.noBridge': 'The app could not connect to its main process. Please restart it.',
  },
  'zh-CN': {
    'ipc.unknownChannel': '应用无法识别此请求，请更新应用。',
    'ipc.invalidPayload': '应用拒绝了一个格式错误的请求（{channel}）。',
    'ipc.forbiddenSender': '此窗口无权与应用通信。',
    'ipc.invalidResponse': '应用返回了意外的结果（{channel}），请反馈此问题。',
    internal: '应用内部出错，详细信息已记录。',
    'app.linkNotAllowed': '为安全起见，应用只会打开自身的帮助和控制台网站。',
    'renderer.noBridge': '应用无法连接到主进程，请重新启动。',
  },
} as const;
