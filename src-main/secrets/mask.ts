import type { SecretPresence } from '../../src-preload/contract/storage';

/** Below this length the last four characters would give away too much of the secret. */
const MIN_LENGTH_FOR_TAIL = 12;

export function presence(value: string | null): SecretPresence {
  if (value === null || value === '') return { set: false, tail: null };
  return { set: true, tail: value.length >= MIN_LENGTH_FOR_TAIL ? value.slice(-4) : null };
}
