import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * The temporary-upload side: policies handed out by getPolicy and the objects posted to the
 * OSS-like host. Objects live 48 h and are bound to the model and account that asked for the
 * policy (CONTRACT.md §1.3).
 */

export const SIM_OSS_ACCESS_KEY_ID = 'LTAI5tSimulatorAccessKey';

export interface StoredObject {
  key: string;
  bytes: Buffer;
  contentType: string;
  accountId: string;
  model: string;
  uploadedAt: number;
  expiresAt: number;
}

export interface IssuedPolicy {
  policy: string;
  signature: string;
  uploadDir: string;
  expiresAt: number;
  maxBytes: number;
}

interface PolicyDocument {
  expiration: string;
  conditions: unknown[];
}

export type ResolveFailure = 'missing' | 'expired' | 'other-account' | 'other-model';

export class UploadStore {
  private readonly objects = new Map<string, StoredObject>();
  private readonly dirs = new Map<string, { accountId: string; model: string }>();

  constructor(private readonly secret: Buffer) {}

  sign(policyB64: string): string {
    return createHmac('sha1', this.secret).update(policyB64).digest('base64');
  }

  verifySignature(policyB64: string, signature: string): boolean {
    const a = Buffer.from(this.sign(policyB64));
    const b = Buffer.from(signature);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  issue(o: { accountId: string; model: string; now: number; ttlSeconds: number; maxBytes: number }): IssuedPolicy {
    const day = new Date(o.now).toISOString().slice(0, 10);
    const accountTag = createHmac('sha1', this.secret).update(o.accountId).digest('hex').slice(0, 12);
    const uploadDir = `dashscope-instant/${accountTag}/${day}/${randomUUID()}`;
    this.dirs.set(uploadDir, { accountId: o.accountId, model: o.model });
    const expiresAt = o.now + o.ttlSeconds * 1000;
    const doc: PolicyDocument = {
      expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      conditions: [
        ['content-length-range', 0, o.maxBytes],
        ['starts-with', '$key', `${uploadDir}/`],
        { 'x-oss-object-acl': 'private' },
        { 'x-oss-forbid-overwrite': 'true' },
      ],
    };
    const policy = Buffer.from(JSON.stringify(doc)).toString('base64');
    return { policy, signature: this.sign(policy), uploadDir, expiresAt, maxBytes: o.maxBytes };
  }

  decodePolicy(policyB64: string): { expiresAt: number; keyPrefix: string | undefined; maxBytes: number } | undefined {
    try {
      const doc = JSON.parse(Buffer.from(policyB64, 'base64').toString('utf8')) as PolicyDocument;
      const expiresAt = Date.parse(doc.expiration);
      const prefix = doc.conditions.find(
        (c): c is [string, string, string] => Array.isArray(c) && c[0] === 'starts-with',
      );
      const range = doc.conditions.find(
        (c): c is [string, number, number] => Array.isArray(c) && c[0] === 'content-length-range',
      );
      if (Number.isNaN(expiresAt)) return undefined;
      return { expiresAt, keyPrefix: prefix?.[2], maxBytes: range?.[2] ?? Number.MAX_SAFE_INTEGER };
    } catch {
      return undefined;
    }
  }

  /** Which account/model asked for the policy whose directory holds this key. */
  ownerOf(key: string): { accountId: string; model: string } | undefined {
    const dir = key.slice(0, key.lastIndexOf('/'));
    return this.dirs.get(dir);
  }

  exists(key: string, now: number): boolean {
    const o = this.objects.get(key);
    return o !== undefined && o.expiresAt > now;
  }

  put(obj: StoredObject): void {
    this.objects.set(obj.key, obj);
  }

  /** Looks an `oss://` key up for a model call by this account and model. */
  resolve(key: string, accountId: string, model: string, now: number): StoredObject | ResolveFailure {
    const o = this.objects.get(key);
    if (!o) return 'missing';
    if (o.expiresAt <= now) {
      this.objects.delete(key);
      return 'expired';
    }
    if (o.accountId !== accountId) return 'other-account';
    if (o.model !== model) return 'other-model';
    return o;
  }

  count(): number {
    return this.objects.size;
  }
}
