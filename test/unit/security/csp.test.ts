import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP, RENDERER_CSP_META } from '../../../src-main/security/csp';

const html = readFileSync(join(__dirname, '../../../src-renderer/index.html'), 'utf8');

describe('renderer CSP', () => {
  it('index.html carries the same policy as the protocol header (minus frame-ancestors)', () => {
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(RENDERER_CSP_META);
    expect(RENDERER_CSP).toBe(
      `${RENDERER_CSP_META.replace("; object-src 'none'", '')}; frame-ancestors 'none'; object-src 'none'`,
    );
  });

  it('allows no inline script, no eval and no remote origin', () => {
    for (const directive of RENDERER_CSP.split('; ')) {
      expect(directive).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    }
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).toContain("worker-src 'none'");
  });
});
