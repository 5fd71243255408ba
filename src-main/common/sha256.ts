import { createHash } from 'node:crypto';

/** A sha256 digest as lowercase hex, the form records store and compare. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/** The sha256 of `data` as lowercase hex (SHA256_HEX_PATTERN). */
export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/**
 * Names a secret (an API key, storage credentials) without revealing it: a short sha256 prefix,
 * stable across restarts. Records and upload destinations keep it to tell one from another.
 */
export const secretId = (value: string): string => sha256Hex(value).slice(0, 12);
