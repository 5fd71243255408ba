import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../harness/wire';

describe('harness wire format', () => {
  it('round-trips plain JSON without a reviver pass', () => {
    const value = { kind: 'result', id: 3, result: { ok: true, value: { scene: '{"objects":[]}', n: 1.5 } } };
    const text = encodeWire(value);
    expect(text[0]).toBe('J');
    expect(decodeWire(text)).toEqual(value);
  });

  it('round-trips bytes anywhere in the message', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 128]);
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    const text = encodeWire({ a: [png, { b: big }], c: 'x' });
    expect(text[0]).toBe('B');
    const back = decodeWire(text) as { a: [Uint8Array, { b: Uint8Array }]; c: string };
    expect(back.a[0]).toEqual(png);
    expect(back.a[1].b).toEqual(big);
    expect(back.c).toBe('x');
  });

  it('refuses text that is not a wire message', () => {
    expect(() => decodeWire('{"id":1}')).toThrow();
  });
});
