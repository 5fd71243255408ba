/**
 * User-facing texts for every code in DASHSCOPE_ERROR_CODES (src-preload/contract/dashscope-codes.ts).
 * Keys are the exact code strings; test/unit/i18n/error-codes.test.ts keeps both locales in step
 * with that list. No vue-i18n placeholders: these are looked up and shown as they are.
 */
export default {
  en: {
    InvalidParameter: 'DashScope rejected a request parameter. Check the prompt, image count, sketch weight and style.',
    DataInspectionFailed:
      'DashScope’s content check flagged the prompt, the sketch or the result. Change the input and try again.',
    'InvalidParameter.DataInspection':
      'DashScope could not download the sketch for its content check. Make sure the sketch URL is reachable.',
    'BadRequest.EmptyInput':
      'The request reached DashScope without its input. Try again; if it persists, report a bug.',
    'BadRequest.EmptyParameters':
      'The request reached DashScope without its parameters. Try again; if it persists, report a bug.',
    'BadRequest.EmptyModel':
      'The request reached DashScope without a model name. Try again; if it persists, report a bug.',
    'BadRequest.IllegalInput': 'DashScope could not read the request. Try again; if it persists, report a bug.',
    InvalidURL:
      'DashScope could not download the sketch, or its format is not JPEG, PNG, TIFF or WEBP. Check the storage settings.',
    'InvalidFile.Resolution':
      'The sketch size is not accepted: each side must be {min} to {max} pixels and the aspect ratio below 2.',
    'BadRequest.InputDownloadFailed':
      'DashScope failed to download the sketch. Check that the storage link is public and try again.',
    Arrearage: 'Your Alibaba Cloud account has an overdue payment. Top up the account, then try again.',
    UnsupportedOperation: 'This task can no longer be cancelled: only tasks still waiting in the queue can be.',
    InvalidApiKey: 'The API key was rejected. Check that it is correct and belongs to the China (Beijing) region.',
    'NOT AUTHORIZED':
      'This workspace is not accessible with this key, or it does not exist. Check the workspace ID and the endpoint.',
    AccessDenied: 'DashScope denied access to this model or operation. Check the key’s permissions and the endpoint.',
    'AccessDenied.Unpurchased':
      'Model Studio is not activated for this account. Activate it in the Alibaba Cloud console.',
    'Model.AccessDenied':
      'This workspace has no permission for the sketch model. Grant it in the Model Studio console.',
    'Workspace.AccessDenied': 'Access to this workspace was denied. Check the workspace ID and the key’s permissions.',
    'AllocationQuota.FreeTierOnly':
      'The free quota is used up and “free tier only” is on. Turn it off in the console to continue with paid usage.',
    ModelNotFound:
      'DashScope does not know this model at this endpoint. Check the region: the sketch model exists only in Beijing.',
    WorkSpaceNotFound: 'The workspace does not exist. Check the workspace ID in Settings.',
    NotFound: 'DashScope did not find the requested resource. Check the endpoint in Settings.',
    RequestTimeOut: 'DashScope took too long to answer. Try again in a moment.',
    Throttling: 'DashScope is throttling requests. The app will slow down and retry.',
    'Throttling.RateQuota': 'Too many requests in a short time. The app will wait and retry.',
    'Throttling.BurstRate': 'Requests ramped up too quickly. The app will slow down and retry.',
    'Throttling.AllocationQuota':
      'The account’s quota is used up. Check your plan or increase the quota in the console.',
    CommodityNotPurchased:
      'The workspace has not purchased this service. Buy it in the console or use another workspace.',
    PrepaidBillOverdue: 'The workspace’s prepaid bill is overdue. Settle it in the console, then try again.',
    PostpaidBillOverdue: 'The workspace’s postpaid bill is overdue. Settle it in the console, then try again.',
    InternalError: 'DashScope had an internal error. Try again later.',
    'InternalError.Algo': 'The model failed while generating. Try again later.',
    'InternalError.Timeout': 'Generation timed out on DashScope’s side. Try again later.',
    SystemError: 'DashScope had a system error. Try again later.',
    'InternalError.Upload': 'DashScope could not store the result. Try again later.',
    ModelUnavailable: 'The sketch model is temporarily unavailable. Try again later.',
    'Oss.PolicyExpired': 'The temporary upload permission expired before the upload finished. Try again.',
    'Oss.AccessDenied':
      'The temporary upload was refused. Try again; if it persists, choose another storage in Settings.',
    'Oss.EntityTooLarge': 'The sketch file is larger than the temporary upload allows.',
    'Oss.FileAlreadyExists': 'A file with this name was already uploaded. Try again.',
    'Oss.SignatureDoesNotMatch': 'The temporary upload permission was not valid. Try again.',
    'Oss.InvalidArgument': 'The temporary upload request was malformed. Try again; if it persists, report a bug.',
    'Oss.UnrecognizedError': 'The temporary upload failed with an unexpected error. Try again later.',
    'Client.NetworkError':
      'Could not reach DashScope. Check the internet connection or proxy; the job will continue when the network is back.',
    'Client.Timeout': 'DashScope did not answer in time. The app will try again.',
    'Client.BadResponse': 'DashScope sent an answer the app could not understand. The app will try again.',
    'Client.UnrecognizedError':
      'DashScope reported an error this version of the app does not know. See the details for its code.',
    'Client.ReconcileFailed':
      'The connection dropped while submitting and the app could not confirm whether DashScope received the job. It was not resubmitted, to avoid paying twice; check the queue and retry if needed.',
    'Client.Aborted': 'The request was cancelled.',
    'Client.WaitTimeout': 'The task did not finish in the expected time. It may still complete; check the queue later.',
    'Client.MissingApiKey': 'No API key is set. Add your DashScope API key in Settings.',
  },
  'zh-CN': {
    InvalidParameter: 'DashScope 拒绝了请求参数。请检查提示词、图片数量、草图权重和风格。',
    DataInspectionFailed: 'DashScope 内容审核认为提示词、草图或生成结果可能不当。请修改后重试。',
    'InvalidParameter.DataInspection': 'DashScope 在内容审核时无法下载草图。请确认草图链接可以访问。',
    'BadRequest.EmptyInput': '请求到达 DashScope 时缺少输入内容。请重试；如仍出现，请反馈问题。',
    'BadRequest.EmptyParameters': '请求到达 DashScope 时缺少参数。请重试；如仍出现，请反馈问题。',
    'BadRequest.EmptyModel': '请求到达 DashScope 时缺少模型名称。请重试；如仍出现，请反馈问题。',
    'BadRequest.IllegalInput': 'DashScope 无法解析请求。请重试；如仍出现，请反馈问题。',
    InvalidURL: 'DashScope 无法下载草图，或草图格式不是 JPEG、PNG、TIFF 或 WEBP。请检查存储设置。',
    'InvalidFile.Resolution': '草图尺寸不符合要求：每边须为 {min} 至 {max} 像素，且宽高比小于 2。',
    'BadRequest.InputDownloadFailed': 'DashScope 下载草图失败。请确认存储链接可公开访问后重试。',
    Arrearage: '您的阿里云账号已欠费。请充值后重试。',
    UnsupportedOperation: '该任务已无法取消：只有仍在排队等待的任务才能取消。',
    InvalidApiKey: 'API Key 无效。请确认其正确，并且属于华北2（北京）地域。',
    'NOT AUTHORIZED': '此 Key 无权访问该业务空间，或该业务空间不存在。请检查业务空间 ID 和服务地址。',
    AccessDenied: 'DashScope 拒绝访问此模型或操作。请检查 Key 的权限和服务地址。',
    'AccessDenied.Unpurchased': '该账号尚未开通百炼服务。请在阿里云控制台开通。',
    'Model.AccessDenied': '该业务空间没有涂鸦作画模型的调用权限。请在百炼控制台授权。',
    'Workspace.AccessDenied': '无权访问该业务空间。请检查业务空间 ID 和 Key 的权限。',
    'AllocationQuota.FreeTierOnly':
      '免费额度已用完，且开启了“仅使用免费额度”。如需付费继续使用，请在控制台关闭该选项。',
    ModelNotFound: '该服务地址下不存在此模型。请检查地域：涂鸦作画模型仅在北京地域提供。',
    WorkSpaceNotFound: '业务空间不存在。请在设置中检查业务空间 ID。',
    NotFound: 'DashScope 未找到请求的资源。请在设置中检查服务地址。',
    RequestTimeOut: 'DashScope 响应超时。请稍后重试。',
    Throttling: 'DashScope 正在限流。应用会放慢速度并自动重试。',
    'Throttling.RateQuota': '短时间内请求过多。应用会稍候自动重试。',
    'Throttling.BurstRate': '请求增长过快。应用会放慢速度并自动重试。',
    'Throttling.AllocationQuota': '账号额度已用完。请检查套餐或在控制台提高额度。',
    CommodityNotPurchased: '该业务空间尚未购买此服务。请在控制台购买，或换用其他业务空间。',
    PrepaidBillOverdue: '该业务空间的预付费账单已逾期。请在控制台结清后重试。',
    PostpaidBillOverdue: '该业务空间的后付费账单已逾期。请在控制台结清后重试。',
    InternalError: 'DashScope 内部错误。请稍后重试。',
    'InternalError.Algo': '模型生成过程中出错。请稍后重试。',
    'InternalError.Timeout': 'DashScope 端生成超时。请稍后重试。',
    SystemError: 'DashScope 系统错误。请稍后重试。',
    'InternalError.Upload': 'DashScope 无法保存生成结果。请稍后重试。',
    ModelUnavailable: '涂鸦作画模型暂时不可用。请稍后重试。',
    'Oss.PolicyExpired': '临时上传凭证在上传完成前已过期。请重试。',
    'Oss.AccessDenied': '临时上传被拒绝。请重试；如仍出现，请在设置中换用其他存储方式。',
    'Oss.EntityTooLarge': '草图文件超出了临时上传允许的大小。',
    'Oss.FileAlreadyExists': '同名文件已上传过。请重试。',
    'Oss.SignatureDoesNotMatch': '临时上传凭证无效。请重试。',
    'Oss.InvalidArgument': '临时上传请求格式有误。请重试；如仍出现，请反馈问题。',
    'Oss.UnrecognizedError': '临时上传出现未知错误。请稍后重试。',
    'Client.NetworkError': '无法连接 DashScope。请检查网络或代理设置；网络恢复后任务会继续。',
    'Client.Timeout': 'DashScope 未能及时响应。应用会自动重试。',
    'Client.BadResponse': 'DashScope 返回了无法识别的内容。应用会自动重试。',
    'Client.UnrecognizedError': 'DashScope 返回了当前版本无法识别的错误。请在详情中查看错误码。',
    'Client.ReconcileFailed':
      '提交时连接中断，且无法确认 DashScope 是否已收到任务。为避免重复扣费，未自动重新提交；请查看队列，必要时手动重试。',
    'Client.Aborted': '请求已取消。',
    'Client.WaitTimeout': '任务未在预期时间内完成，可能仍会完成；请稍后在队列中查看。',
    'Client.MissingApiKey': '尚未设置 API Key。请在设置中填写 DashScope API Key。',
  },
} as const;
