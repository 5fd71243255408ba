import type { GenerationStatus, SketchStyle } from '../../../../src-preload/contract/domain';
import type { GalleryQuery } from '../../../../src-preload/contract/gallery';

export interface GalleryFilters {
  text: string;
  styles: SketchStyle[];
  statuses: GenerationStatus[];
  favourite: boolean;
  setId: string | null;
  /** yyyy-mm-dd from a date input, local time; '' = open. */
  from: string;
  to: string;
}

export const emptyFilters = (): GalleryFilters => ({
  text: '',
  styles: [],
  statuses: [],
  favourite: false,
  setId: null,
  from: '',
  to: '',
});

/** Local midnight of a yyyy-mm-dd day, `days` later (the Date constructor handles DST and month ends). */
export const dayStart = (ymd: string, days = 0): number | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days).getTime() : undefined;
};

export function queryOf(f: GalleryFilters): GalleryQuery {
  const q: GalleryQuery = {};
  if (f.text.trim()) q.text = f.text.trim().slice(0, 200);
  if (f.styles.length) q.styles = [...f.styles];
  if (f.statuses.length) q.statuses = [...f.statuses];
  if (f.favourite) q.favourite = true;
  if (f.setId) q.setId = f.setId;
  const from = dayStart(f.from);
  // The "to" day is included: up to the start of the next day.
  const to = dayStart(f.to, 1);
  if (from !== undefined) q.from = from;
  if (to !== undefined) q.to = to;
  return q;
}
