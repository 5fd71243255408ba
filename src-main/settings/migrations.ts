/**
 * Versioned migrations of the stored settings document. `MIGRATIONS[i]` turns a version-(i+1)
 * document into version i+2. Files written before versioning existed have no `schemaVersion`
 * and count as version 1. Append only: never edit a shipped migration.
 */
export type StoredDoc = Record<string, unknown>;
export type Migration = (doc: StoredDoc) => StoredDoc;

export const SCHEMA_VERSION_KEY = 'schemaVersion';

export const MIGRATIONS: readonly Migration[] = [
  // 1 → 2: version 1 had only `ui`. The new sections come from the defaults when the
  // document is read, so nothing needs moving; the step exists so every later step has a
  // known starting shape.
  (doc) => doc,
];

export const CURRENT_SCHEMA_VERSION = MIGRATIONS.length + 1;

export function storedVersion(doc: StoredDoc): number {
  const v = doc[SCHEMA_VERSION_KEY];
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
}

export type MigrationOutcome =
  | { kind: 'current'; doc: StoredDoc }
  | { kind: 'migrated'; doc: StoredDoc; from: number }
  /** Written by a newer app: read what we understand, never rewrite it behind the user's back. */
  | { kind: 'newer'; doc: StoredDoc; version: number };

export function migrate(doc: StoredDoc, migrations: readonly Migration[] = MIGRATIONS): MigrationOutcome {
  const current = migrations.length + 1;
  const from = storedVersion(doc);
  if (from > current) return { kind: 'newer', doc, version: from };
  if (from === current && doc[SCHEMA_VERSION_KEY] === current) return { kind: 'current', doc };
  let next = structuredClone(doc);
  for (let v = from; v < current; v++) {
    const step = migrations[v - 1];
    if (!step) throw new Error(`missing settings migration ${v} → ${v + 1}`);
    next = step(next);
  }
  return { kind: 'migrated', doc: { ...next, [SCHEMA_VERSION_KEY]: current }, from };
}
