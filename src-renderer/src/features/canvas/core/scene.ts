import { FabricObject } from 'fabric';
import { parseColor, type Rgb } from './color';

/**
 * What an object on the page is, stored on the object and in drafts:
 * - `ink`: a pencil stroke or shape, drawn in one brush colour;
 * - `eraser`: a stroke that removes ink beneath it (destination-out), never a colour;
 * - `lines`: an imported line drawing whose pixels were snapped to its pen colours;
 * - `photo`: an imported photo, kept as is (the API should extract edges itself).
 */
export type Role = 'ink' | 'eraser' | 'lines' | 'photo';

declare module 'fabric' {
  interface FabricObject {
    wsRole?: Role;
    /** Brush colours this object paints with, as `#rrggbb`. Empty for erasers and photos. */
    wsInk?: string[];
  }
}

/** Custom properties survive toObject/loadFromJSON, so a reopened draft keeps its roles. */
export function registerSceneProperties(): void {
  for (const p of ['wsRole', 'wsInk'])
    if (!FabricObject.customProperties.includes(p)) FabricObject.customProperties.push(p);
}

export const PAGE = 768;

/**
 * Objects never get selected or hit-tested, and are not cached per object: with 2,000 strokes
 * fabric's per-object cache canvases made a repaint ~20× slower than drawing the vectors.
 */
export const INERT = {
  selectable: false,
  evented: false,
  hasControls: false,
  hasBorders: false,
  objectCaching: false,
} as const;

export function inkOf(obj: FabricObject): Rgb[] {
  if (obj.wsRole === 'eraser' || obj.wsRole === 'photo') return [];
  const list = obj.wsInk ?? [
    typeof obj.stroke === 'string' ? obj.stroke : null,
    typeof obj.fill === 'string' ? obj.fill : null,
  ];
  const out: Rgb[] = [];
  for (const c of list) {
    const rgb = parseColor(c);
    if (rgb) out.push(rgb);
  }
  return out;
}

/** Reference counts of the brush colours on the page, kept in step with add/remove. */
export class InkCounter {
  private readonly counts = new Map<string, { rgb: Rgb; n: number }>();

  add(obj: FabricObject, sign: 1 | -1 = 1): void {
    for (const rgb of inkOf(obj)) {
      const k = rgb.join(',');
      const e = this.counts.get(k) ?? { rgb, n: 0 };
      e.n += sign;
      if (e.n <= 0) this.counts.delete(k);
      else this.counts.set(k, e);
    }
  }

  reset(objs: readonly FabricObject[]): void {
    this.counts.clear();
    for (const o of objs) this.add(o);
  }

  colors(): Rgb[] {
    return [...this.counts.values()].map((e) => e.rgb).filter(([r, g, b]) => !(r === 255 && g === 255 && b === 255));
  }
}
