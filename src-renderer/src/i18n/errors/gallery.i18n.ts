export default {
  en: {
    'gallery.notFound': 'That generation is no longer in the gallery.',
    'gallery.noImage': 'Image {index} of this generation was not made, so there is nothing to save.',
    'gallery.undoExpired': 'Too late to undo: the generations are in the trash now. Restore them from there.',
    'gallery.ioError':
      'The gallery folder could not be read or written. Check that the disk is connected and not full.',
    'gallery.exportFailed': '“{file}” could not be saved. Choose another place or check the free space.',
    'gallery.trashFailed': 'The generations could not be moved to the trash. Nothing was deleted.',
    'gallery.invalidEntry': 'A finished generation could not be stored: its data was incomplete.',
    'gallery.moveFailed': 'The gallery could not be moved; it stays where it was, with everything in it. {detail}',
    'gallery.badTarget': 'Choose an empty folder outside the current gallery folder.',
    'gallery.folderMissing': 'The gallery folder “{folder}” is not there. Connect the drive it is on, then try again.',
  },
  'zh-CN': {
    'gallery.notFound': '该作品已不在画廊中。',
    'gallery.noImage': '此次生成的第 {index} 张图片未生成，无可保存的内容。',
    'gallery.undoExpired': '已无法撤销：这些作品已移入回收站，请从回收站恢复。',
    'gallery.ioError': '无法读写画廊文件夹。请检查磁盘是否已连接且空间充足。',
    'gallery.exportFailed': '无法保存“{file}”。请换个位置或检查可用空间。',
    'gallery.trashFailed': '无法将这些作品移入回收站，未删除任何内容。',
    'gallery.invalidEntry': '一次已完成的生成无法保存：其数据不完整。',
    'gallery.moveFailed': '画廊未能移动，仍在原位置，内容完好。{detail}',
    'gallery.badTarget': '请选择当前画廊文件夹以外的一个空文件夹。',
    'gallery.folderMissing': '找不到画廊文件夹“{folder}”。请连接它所在的磁盘，然后重试。',
  },
} as const;
