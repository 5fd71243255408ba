// Byte-level facts main checks files against have one home in src-main/common: a second copy
// of the PNG signature or of the sha256-hex form could drift (or be half-written) unnoticed.
// (The renderer's canvas code sniffs PNG headers on its own: it cannot import src-main.)
import { describe, expect, it } from 'vitest';
import { hasPngSignature, PNG_SIGNATURE } from '../../../src-main/common/png';
import { SHA256_HEX_PATTERN, sha256Hex } from '../../../src-main/common/sha256';
import { restatements } from '../fixtures/source-tree';

describe('written once in src-main/common', () => {
  it('the PNG signature is only in common/png.ts', () => {
    expect(hasPngSignature(Buffer.from('89504e470d0a1a0a00', 'hex'))).toBe(true);
    expect(hasPngSignature(PNG_SIGNATURE.subarray(0, 7))).toBe(false);
    expect(restatements(/0x89\s*,\s*0x50|\\x89PNG|89504e47/i, ['src-main/common/png.ts'], ['src-main'])).toEqual([]);
  });

  it('sha256 as hex (digest and pattern) is only in common/sha256.ts', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(SHA256_HEX_PATTERN.test(sha256Hex(''))).toBe(true);
    // One-shot digests; a streamed one (createHash, update per chunk) is another shape.
    expect(
      restatements(
        /createHash\(\s*'sha256'\s*\)\.update\(|\[0-9a-f\]\{64\}/,
        ['src-main/common/sha256.ts'],
        ['src-main'],
      ),
    ).toEqual([]);
  });
});
