export default {
  en: {
    'jobs.badSketch': 'This sketch cannot be sent: it must be a square PNG of {min}–{max} px and at most {mb} MB.',
    'jobs.notFound': 'That job is no longer in the queue.',
    'jobs.wrongState': 'That cannot be done to the job in its current state.',
    'jobs.writeFailed':
      'The queue could not save its work (is the disk full?). It is paused; nothing was lost. Free some space, then resume.',
    'jobs.resultExpired': 'This image’s download link had expired (DashScope keeps results for 24 hours).',
    'jobs.badResult': 'DashScope sent an image that could not be read.',
    'jobs.resultRefused':
      'The service named an image address outside DashScope’s result storage; it was not downloaded.',
    'jobs.taskExpired':
      'This job was submitted more than 24 hours ago and can no longer be fetched. Retry to generate it again.',
    'jobs.taskUnknown': 'DashScope does not know this task right now; looking again before giving up on it.',
  },
  'zh-CN': {
    'jobs.badSketch': '无法发送此草图：须为 {min}–{max} 像素的正方形 PNG，且不超过 {mb} MB。',
    'jobs.notFound': '该任务已不在队列中。',
    'jobs.wrongState': '该任务当前的状态不支持此操作。',
    'jobs.writeFailed': '队列无法保存（磁盘是否已满？），已暂停，未丢失任何内容。请释放空间后继续。',
    'jobs.resultExpired': '此图片的下载链接已过期（DashScope 仅保留结果 24 小时）。',
    'jobs.badResult': 'DashScope 返回的图片无法读取。',
    'jobs.resultRefused': '服务返回的图片地址不在 DashScope 结果存储内，未下载。',
    'jobs.taskExpired': '此任务提交已超过 24 小时，无法再获取结果。可点击重试重新生成。',
    'jobs.taskUnknown': 'DashScope 暂时查询不到此任务，稍后将再次查询后再作判断。',
  },
} as const;
