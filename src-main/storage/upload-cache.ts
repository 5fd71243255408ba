import type { UploadResult } from './types';

/**
 * Uploads we already made, by destination and content, so the same sketch is not sent twice
 * (a remix, a retry after a failed create). In memory: each job record keeps its own URL, and
 * S3 finds an existing object by its content-addressed key after a restart anyway.
 */
export class UploadCache {
  private readonly entries = new Map<string, UploadResult>();

  constructor(private readonly capacity = 256) {}

  private static key(fingerprint: string, sha256: string): string {
    return `${fingerprint}\n${sha256}`;
  }

  /** A cached result that stays valid for at least `minValidityMs` more. */
  get(fingerprint: string, sha256: string, now: number, minValidityMs: number): UploadResult | null {
    const k = UploadCache.key(fingerprint, sha256);
    const hit = this.entries.get(k);
    if (!hit) return null;
    if (hit.expiresAt !== null && hit.expiresAt - now < minValidityMs) {
      this.entries.delete(k);
      return null;
    }
    return hit;
  }

  put(fingerprint: string, sha256: string, result: UploadResult): void {
    const k = UploadCache.key(fingerprint, sha256);
    this.entries.delete(k);
    this.entries.set(k, result);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  forget(adapter: string, key: string): void {
    for (const [k, v] of this.entries) {
      if (v.ref.adapter === adapter && v.ref.key === key) this.entries.delete(k);
    }
  }
}
