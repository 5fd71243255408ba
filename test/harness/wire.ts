/**
 * JSON with binary: IPC carries Uint8Array (sketch PNGs, thumbnails) natively, so the
 * WebSocket bridge tags them as base64 on the way out and restores them on the way in.
 */
const TAG = '__u8';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

// The first character says whether a reviver is needed: JSON.parse with a reviver is several
// times slower, and most messages (a 3 MB draft scene, say) carry no bytes at all.
const PLAIN = 'J';
const WITH_BYTES = 'B';

export function encodeWire(value: unknown): string {
  let bytes = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) {
      bytes = true;
      return { [TAG]: toBase64(v) };
    }
    if (v instanceof ArrayBuffer) {
      bytes = true;
      return { [TAG]: toBase64(new Uint8Array(v)) };
    }
    return v;
  });
  return (bytes ? WITH_BYTES : PLAIN) + text;
}

export function decodeWire(message: string): unknown {
  const kind = message[0];
  const text = message.slice(1);
  if (kind === PLAIN) return JSON.parse(text);
  if (kind !== WITH_BYTES) throw new Error('not a harness wire message');
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tagged = (v as Record<string, unknown>)[TAG];
      if (keys.length === 1 && typeof tagged === 'string') return fromBase64(tagged);
    }
    return v;
  });
}

export interface WireCall {
  id: number;
  channel: string;
  payload: unknown;
}
export type WireMessage =
  { kind: 'result'; id: number; result: unknown } | { kind: 'event'; event: string; payload: unknown };
