import { describe, expect, it } from 'vitest';

// A zone with DST (Node reads TZ on change): 2026-03-29 has 23 hours there.
process.env.TZ = 'Europe/Berlin';

import { dayStart, emptyFilters, queryOf } from '../../../src-renderer/src/features/gallery/query';
import { GalleryQuerySchema } from '../../../src-preload/contract/gallery';

describe('the Gallery view builds gallery.list queries', () => {
  it('leaves an empty filter set empty, and every filter passes the contract schema', () => {
    expect(queryOf(emptyFilters())).toEqual({});
    const q = queryOf({
      text: '  红猫 ',
      styles: ['<anime>'],
      statuses: ['partial'],
      favourite: true,
      setId: 'explore-1',
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(GalleryQuerySchema.parse(q)).toEqual(q);
    expect(q).toMatchObject({
      text: '红猫',
      styles: ['<anime>'],
      statuses: ['partial'],
      favourite: true,
      setId: 'explore-1',
    });
  });

  it('includes the whole "to" day in local time, also across a DST change and a month end', () => {
    const q = queryOf({ ...emptyFilters(), from: '2026-03-28', to: '2026-03-29' });
    expect(q.from).toBe(new Date(2026, 2, 28).getTime());
    expect(q.to).toBe(new Date(2026, 2, 30).getTime());
    expect(dayStart('2026-01-31', 1)).toBe(new Date(2026, 1, 1).getTime());
    // Something created late on the last day matches; the next midnight does not.
    const late = new Date(2026, 2, 29, 23, 59).getTime();
    expect(late >= q.from! && late < q.to!).toBe(true);
    expect(new Date(2026, 2, 30).getTime() < q.to!).toBe(false);
  });

  it('ignores a half-typed date and caps the text at the contract limit', () => {
    const q = queryOf({ ...emptyFilters(), from: '2026-0', text: 'x'.repeat(300) });
    expect(q.from).toBeUndefined();
    expect(GalleryQuerySchema.safeParse(q).success).toBe(true);
  });
});
