export default {
  en: {
    'secrets.keychainUnavailable':
      'No usable OS keychain was found, so secrets cannot be saved. Start a Secret Service (e.g. gnome-keyring) or keep them for this session only.',
    'secrets.keychainFailed': 'The OS keychain refused the request. Unlock it and try again.',
    'secrets.noApiKey': 'No DashScope API key is set. Add one in Settings.',
    'secrets.noApiKey#settings': 'No API key is saved for this region yet. Type it above, then test or save it.',
    'secrets.noImport': 'No DASHSCOPE_API_KEY or ~/.dashscope/api_key was found.',
    'secrets.keyInvalid': 'The API key was rejected by {endpoint}. Check that you copied it completely.',
    'secrets.keyWrongRegion':
      'This key works, but in another region ({region}). Switch the region or use a key from this one.',
    'secrets.keyNetwork': 'Could not reach {endpoint}. Check your network connection or proxy.',
    'secrets.keyCheckFailed':
      '{endpoint} could not check the key just now. Try again in a moment; the details show its answer.',
    'secrets.insecureEndpoint':
      '{endpoint} uses plain http, so the key would travel unencrypted. Use an https address (plain http works only for this computer, e.g. 127.0.0.1).',
    'secrets.redirectRefused':
      '{endpoint} tried to send the request to another address. The key is never passed on to another address; check that the endpoint is right.',
    'secrets.badKeyValue': 'The saved API key contains line breaks or other invisible characters. Enter it again.',
  },
  'zh-CN': {
    'secrets.keychainUnavailable':
      '未找到可用的系统钥匙串，无法保存密钥。请启动 Secret Service（如 gnome-keyring），或选择仅在本次会话中保留。',
    'secrets.keychainFailed': '系统钥匙串拒绝了请求。请解锁后重试。',
    'secrets.noApiKey': '尚未设置 DashScope API Key，请在设置中添加。',
    'secrets.noApiKey#settings': '此地域尚未保存 API Key。请在上方输入，然后测试或保存。',
    'secrets.noImport': '未找到 DASHSCOPE_API_KEY 或 ~/.dashscope/api_key。',
    'secrets.keyInvalid': '{endpoint} 拒绝了该 API Key，请确认已完整复制。',
    'secrets.keyWrongRegion': '该 Key 有效，但属于其他地域（{region}）。请切换地域或使用本地域的 Key。',
    'secrets.keyNetwork': '无法连接 {endpoint}，请检查网络或代理设置。',
    'secrets.keyCheckFailed': '{endpoint} 暂时无法校验该 Key。请稍后重试；详情中有它的回应。',
    'secrets.insecureEndpoint':
      '{endpoint} 使用不加密的 http，API Key 会以明文传输。请使用 https 地址（http 仅限本机地址，如 127.0.0.1）。',
    'secrets.redirectRefused':
      '{endpoint} 试图把请求转到其他地址。API Key 不会被转发到其他地址，请检查接入地址是否正确。',
    'secrets.badKeyValue': '已保存的 API Key 含有换行或其他不可见字符，请重新输入。',
  },
} as const;
