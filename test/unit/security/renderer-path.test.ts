import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeOf, resolveRendererFile } from '../../../src-main/security/renderer-path';

const root = resolve('/srv/app/renderer');

describe('resolveRendererFile', () => {
  it('maps app://renderer paths into the renderer folder', () => {
    expect(resolveRendererFile(root, 'app://renderer/', 'renderer')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://renderer/index.html', 'renderer')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://renderer/assets/a%20b.js', 'renderer')).toBe(
      join(root, 'assets', 'a b.js'),
    );
  });

  it('refuses anything that leaves the folder or targets another host', () => {
    // Each URL with its exact answer: null (refused) or the file inside the folder it maps to.
    // The URL parser collapses plain and encoded dot segments before we see them, so those stay
    // inside; dots hidden behind encoded separators reach us and are refused.
    const cases: [string, string | null][] = [
      ['app://renderer/../secret.txt', join(root, 'secret.txt')],
      ['app://renderer/%2e%2e/%2e%2e/etc/passwd', join(root, 'etc', 'passwd')],
      ['app://renderer/assets/..%2f..%2fsecret', null],
      ['app://renderer/assets/%2e%2e%2f%2e%2e%2fsecret', null],
      ['app://renderer/a%5c..%5c..%5csecret', null],
      ['app://renderer/%00.js', null],
      ['app://other/index.html', null],
      ['not a url', null],
      ['app://renderer/%E0%A4%A', null],
    ];
    for (const [url, expected] of cases) expect(resolveRendererFile(root, url, 'renderer'), url).toBe(expected);
  });

  it('names content types', () => {
    expect(mimeTypeOf('x/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeOf('x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('x/blob.bin')).toBe('application/octet-stream');
  });
});
