import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeOf, resolveRendererFile } from '../../../src-main/security/renderer-path';

const root = resolve('/srv/app/renderer');

describe('resolveRendererFile', () => {
  it('maps app://renderer paths into the renderer folder', () => {
    expect(resolveRendererFile(root, 'app://renderer/', 'renderer')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://renderer/index.html', 'renderer')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://renderer/assets/a%20b.js', 'renderer')).toBe(join(root, 'assets', 'a b.js'));
  });

  it('refuses anything that leaves the folder or targets another host', () => {
    for (const url of [
      'app://renderer/../secret.txt',
      'app://renderer/%2e%2e/%2e%2e/etc/passwd',
      'app://renderer/assets/..%2f..%2fsecret',
      'app://renderer/a%5c..%5c..%5csecret',
      'app://renderer/%00.js',
      'app://other/index.html',
      'not a url',
      'app://renderer/%E0%A4%A',
    ]) {
      const file = resolveRendererFile(root, url, 'renderer');
      if (file !== null) expect(file.startsWith(root + '/')).toBe(true);
      else expect(file).toBeNull();
    }
    // The URL parser collapses encoded dot segments before we see them: the file stays inside.
    expect(resolveRendererFile(root, 'app://renderer/%2e%2e/%2e%2e/etc/passwd', 'renderer')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveRendererFile(root, 'app://renderer/assets/..%2f..%2fsecret', 'renderer')).toBeNull();
    expect(resolveRendererFile(root, 'app://other/index.html', 'renderer')).toBeNull();
    expect(resolveRendererFile(root, 'app://renderer/%00.js', 'renderer')).toBeNull();
  });

  it('names content types', () => {
    expect(mimeTypeOf('x/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeOf('x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('x/blob.bin')).toBe('application/octet-stream');
  });
});
