import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINK_ORIGINS } from '../../../src-preload/contract/app';
import { isAllowedExternalLink } from '../../../src-main/security/external-links';
import { mayNavigate, windowOpenDecision } from '../../../src-main/security/navigation';

describe('navigation and new windows', () => {
  it('lets the renderer move only within its own origin', () => {
    expect(mayNavigate('app://renderer/index.html#/gallery', 'app://renderer')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://other/index.html',
      'http://renderer/index.html',
      'javascript:alert(1)',
      'data:text/html,hi',
      '',
    ]) {
      expect(mayNavigate(url, 'app://renderer'), url).toBe(false);
    }
    expect(mayNavigate('http://localhost:5173/#/draw', 'http://localhost:5173')).toBe(true);
    expect(mayNavigate('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('never opens an app window; only allowlisted https links may go to the OS browser', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    expect(isAllowedExternalLink('https://help.aliyun.com/zh/model-studio/x')).toBe(true);
    for (const url of [
      'http://help.aliyun.com/x',
      'https://help.aliyun.com.evil.example/x',
      'https://evil.example/?https://help.aliyun.com',
      'https://user@evil.example',
      'file:///C:/Windows/System32/calc.exe',
      'smb://share/x',
    ]) {
      expect(windowOpenDecision(), url).toEqual({ action: 'deny' });
      expect(isAllowedExternalLink(url), url).toBe(false);
    }
    for (const origin of EXTERNAL_LINK_ORIGINS) expect(isAllowedExternalLink(`${origin}/path`)).toBe(true);
  });
});
