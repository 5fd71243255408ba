import { createHash } from 'node:crypto';

/** A sha256 digest as lowercase hex, the form records store and compare. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/** The sha256 of `data` as lowercase hex (SHA256_HEX_PATTERN). */
export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');
