import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION, migrate, type Migration } from '../../../src-main/settings/migrations';

describe('settings migrations', () => {
  it('treats a document without schemaVersion as version 1 and stamps the current version', () => {
    const out = migrate({ ui: { language: 'en', theme: 'dark' } });
    expect(out.kind).toBe('migrated');
    expect(out.doc.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(out.doc.ui).toEqual({ language: 'en', theme: 'dark' });
  });

  it('runs every step in order from the stored version', () => {
    const steps: Migration[] = [
      (d) => ({ ...d, trail: [...((d.trail as string[]) ?? []), '1→2'] }),
      (d) => ({ ...d, trail: [...((d.trail as string[]) ?? []), '2→3'] }),
      (d) => ({ ...d, trail: [...((d.trail as string[]) ?? []), '3→4'] }),
    ];
    const from2 = migrate({ schemaVersion: 2 }, steps);
    expect(from2).toMatchObject({ kind: 'migrated', from: 2, doc: { schemaVersion: 4, trail: ['2→3', '3→4'] } });
    const from1 = migrate({}, steps);
    expect(from1.doc.trail).toEqual(['1→2', '2→3', '3→4']);
  });

  it('leaves a current document alone', () => {
    const doc = { schemaVersion: CURRENT_SCHEMA_VERSION, ui: {} };
    expect(migrate(doc)).toEqual({ kind: 'current', doc });
  });

  it('does not touch a document written by a newer app', () => {
    const doc = { schemaVersion: CURRENT_SCHEMA_VERSION + 3, future: true };
    expect(migrate(doc)).toEqual({ kind: 'newer', doc, version: CURRENT_SCHEMA_VERSION + 3 });
  });

  it('does not mutate its input', () => {
    const doc = { ui: { language: 'en' } };
    migrate(doc, [(d) => Object.assign(d, { changed: true })]);
    expect(doc).toEqual({ ui: { language: 'en' } });
  });
});
