export default {
  en: {
    'storage.notConfigured':
      'Sketch upload ({adapter}) is not set up: “{field}” is missing or not valid. Complete it in Settings › Sketch upload.',
    'storage.notConfigured#settings': '“{field}” is missing or not valid.',
    'storage.missingSecret':
      'Sketch upload ({adapter}) needs “{field}”, and none is saved. Enter it in Settings › Sketch upload.',
    'storage.missingSecret#settings': 'Enter “{field}”: this storage needs it.',
    'storage.missingSecret#otherEndpoint':
      '“{field}” is saved for the address this storage had before, and secrets are only sent where they were saved. Enter it again for this address.',
    'storage.badCredentials':
      '{endpoint} refused the upload credentials. Nothing was uploaded; the sketch is kept. Check them in Settings › Sketch upload.',
    'storage.badCredentials#test': '{endpoint} refused the credentials. Check the keys or header values entered here.',
    'storage.unreachable': 'Could not reach {endpoint}. Nothing was uploaded; the sketch is kept.',
    'storage.unreachable#test':
      'Could not reach {endpoint}. Check the address, and that the server is running and reachable from this computer.',
    'storage.noSuchBucket': 'Bucket “{bucket}” does not exist at {endpoint}.',
    'storage.noSuchBucket#test':
      'Bucket “{bucket}” does not exist at {endpoint}. Check the bucket name, or create the bucket first.',
    'storage.rejected': '{endpoint} refused the upload. The sketch is kept; the details show the server’s answer.',
    'storage.rejected#test':
      '{endpoint} refused the test upload. Check the upload address, the method and the headers.',
    'storage.noUrlInResponse':
      '{endpoint} accepted the file but its answer has no file URL where the settings say to look ({where}).',
    'storage.badUrlInResponse': '{endpoint} returned a URL DashScope cannot fetch (it must be http(s) and ASCII only).',
    'storage.responseTooLarge':
      '{endpoint} answered with more data than an upload answer holds (over {limit} bytes), so it was not read. Check the upload address.',
    'storage.insecureEndpoint':
      '{endpoint} uses plain http, so the credentials would travel unencrypted. Use an https address (plain http works only for this computer, e.g. 127.0.0.1).',
    'storage.redirectRefused':
      '{endpoint} answered with a redirect to another address. Credentials are never passed on to another address; enter the final address instead.',
    'storage.badSecretValue':
      'The saved value of “{field}” contains line breaks or other invisible characters. Enter it again.',
    'storage.placeholderInOrigin':
      "The upload address has {'{key}'} or {'{sha256}'} in its server name or port, so the secret headers could reach another server. Nothing was sent. Put them only in the path or the query (after the first /).",
    'storage.image.format': 'The sketch must be PNG, JPEG, WEBP or TIFF (got {format}).',
    'storage.image.tooSmall': 'The sketch is {width}×{height} px; it must be at least {min}×{min}.',
    'storage.image.tooLarge': 'The sketch is {width}×{height} px; it must be at most {max}×{max}.',
    'storage.image.notSquare': 'The sketch is {width}×{height} px; it must be square.',
    'storage.image.tooHeavy': 'The sketch is {bytes} bytes; the limit is {max}.',
    'storage.image.unreadable': 'The sketch is not a readable image.',
  },
  'zh-CN': {
    'storage.notConfigured': '草图上传（{adapter}）尚未配置完成：“{field}”缺失或无效。请在“设置 › 草图上传”中补全。',
    'storage.notConfigured#settings': '“{field}”缺失或无效。',
    'storage.missingSecret': '草图上传（{adapter}）需要“{field}”，但尚未保存。请在“设置 › 草图上传”中填写。',
    'storage.missingSecret#settings': '请填写“{field}”：此存储方式需要它。',
    'storage.missingSecret#otherEndpoint':
      '“{field}”是为此前的地址保存的，密钥只会发往保存时的地址。请为新地址重新填写。',
    'storage.badCredentials': '{endpoint} 拒绝了上传凭证，未上传任何内容，草图已保留。请在“设置 › 草图上传”中检查。',
    'storage.badCredentials#test': '{endpoint} 拒绝了凭证。请检查此处填写的密钥或请求头的值。',
    'storage.unreachable': '无法连接 {endpoint}，未上传任何内容，草图已保留。',
    'storage.unreachable#test': '无法连接 {endpoint}。请检查地址，并确认服务器正在运行且本机可以访问。',
    'storage.noSuchBucket': '{endpoint} 上不存在存储桶“{bucket}”。',
    'storage.noSuchBucket#test': '{endpoint} 上不存在存储桶“{bucket}”。请检查存储桶名称，或先创建该存储桶。',
    'storage.rejected': '{endpoint} 拒绝了上传，草图已保留。详情中有服务器的回应。',
    'storage.rejected#test': '{endpoint} 拒绝了测试上传。请检查上传地址、请求方法和请求头。',
    'storage.noUrlInResponse': '{endpoint} 已接收文件，但在设置指定的位置（{where}）没有找到文件 URL。',
    'storage.badUrlInResponse': '{endpoint} 返回的 URL 无法被 DashScope 访问（须为 http(s) 且仅含 ASCII 字符）。',
    'storage.responseTooLarge':
      '{endpoint} 返回的数据超出上传回应应有的大小（超过 {limit} 字节），未予读取。请检查上传地址。',
    'storage.insecureEndpoint':
      '{endpoint} 使用不加密的 http，凭证会以明文传输。请使用 https 地址（http 仅限本机地址，如 127.0.0.1）。',
    'storage.redirectRefused': '{endpoint} 返回了指向其他地址的重定向。凭证不会被转发到其他地址，请直接填写最终地址。',
    'storage.badSecretValue': '已保存的“{field}”的值含有换行或其他不可见字符，请重新输入。',
    'storage.placeholderInOrigin':
      "上传地址的服务器名称或端口中含有 {'{key}'} 或 {'{sha256}'}，保密请求头可能因此被发往其他服务器，未发送任何内容。请只在路径或查询参数中（第一个 / 之后）使用它们。",
    'storage.image.format': '草图须为 PNG、JPEG、WEBP 或 TIFF 格式（当前为 {format}）。',
    'storage.image.tooSmall': '草图为 {width}×{height} 像素，至少需要 {min}×{min}。',
    'storage.image.tooLarge': '草图为 {width}×{height} 像素，最大为 {max}×{max}。',
    'storage.image.notSquare': '草图为 {width}×{height} 像素，须为正方形。',
    'storage.image.tooHeavy': '草图大小为 {bytes} 字节，上限为 {max}。',
    'storage.image.unreadable': '草图不是可读取的图片。',
  },
} as const;
