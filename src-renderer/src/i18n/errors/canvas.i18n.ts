/** Error codes of the canvas and drafts, looked up by exact code (see i18n/error-catalogs.ts). */
export default {
  en: {
    'canvas.import.tooLarge':
      'This image is too large to open (over {mb} MB or {megapixels} megapixels). Please use a smaller image.',
    'canvas.import.notImage': 'This file is not an image the app can open (PNG, JPEG, WebP, GIF or BMP).',
    'canvas.import.corrupt': 'This image is damaged and could not be opened.',
    'canvas.import.empty': 'This image is empty: there are no lines on it.',
    'drafts.notFound': 'That draft no longer exists.',
    'drafts.corrupt': 'This draft is damaged on disk and could not be opened.',
    'drafts.invalidScene': 'The drawing could not be saved because its data was not valid.',
    'drafts.ioError': 'The draft could not be read from or written to disk.',
  },
  'zh-CN': {
    'canvas.import.tooLarge': '图片过大，无法打开（超过 {mb} MB 或 {megapixels} 百万像素）。请使用较小的图片。',
    'canvas.import.notImage': '该文件不是应用可以打开的图片（PNG、JPEG、WebP、GIF 或 BMP）。',
    'canvas.import.corrupt': '该图片已损坏，无法打开。',
    'canvas.import.empty': '该图片是空白的，没有任何线条。',
    'drafts.notFound': '该草稿已不存在。',
    'drafts.corrupt': '该草稿在磁盘上已损坏，无法打开。',
    'drafts.invalidScene': '绘图数据无效，无法保存。',
    'drafts.ioError': '无法读写磁盘上的草稿。',
  },
} as const;
