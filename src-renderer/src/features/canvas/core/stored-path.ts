import { Path, Point, type FabricObject } from 'fabric';

/**
 * How strokes are kept in drafts, so a 2,000-stroke draft stays small and reopens fast.
 *
 * Coordinates are quantized to 1/100 px when a stroke is committed (invisible at 768 px), on
 * the live object itself: what is saved is exactly what was drawn, so a reopened draft exports
 * pixel-identical. Each saved path also carries its box (`wsBox`: pathOffset, size, position),
 * which fabric would otherwise recompute from every curve segment on load — the slowest part of
 * opening a large draft.
 */
const STEP = 100;
const BOX_KEY = 'wsBox';

type Command = (string | number)[];

export function quantizePath(obj: FabricObject): void {
  if (!(obj instanceof Path)) return;
  const q = (obj.path as unknown as Command[]).map((cmd) =>
    cmd.map((v) => (typeof v === 'number' ? Math.round(v * STEP) / STEP : v)),
  );
  // Re-derives width, height, pathOffset and position from the quantized geometry.
  obj._setPath(q as never, true);
}

/** The object as a draft stores it: fabric's JSON without default values, plus the path's box. */
export function toStoredObject(obj: FabricObject): Record<string, unknown> {
  obj.includeDefaultValues = false;
  const json = obj.toObject() as Record<string, unknown>;
  if (obj instanceof Path) {
    json[BOX_KEY] = [obj.pathOffset.x, obj.pathOffset.y, obj.width, obj.height, obj.left, obj.top];
  }
  return json;
}

function isBox(v: unknown): v is [number, number, number, number, number, number] {
  return Array.isArray(v) && v.length === 6 && v.every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** True for JSON written by toStoredObject (a path with its box, or any non-path object). */
export function isStoredFormat(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const o = json as Record<string, unknown>;
  return !Array.isArray(o.path) || isBox(o[BOX_KEY]);
}

/**
 * Rebuilds a stored path. With a box, geometry is taken as stored (it was written by
 * toStoredObject from an already-simplified path); without one (older drafts, foreign JSON),
 * fabric computes it as usual.
 */
export function reviveStoredPath(json: Record<string, unknown>): Path | null {
  const { type: _type, version: _version, path, [BOX_KEY]: box, left, top, ...props } = json;
  if (!Array.isArray(path)) return null;
  if (!isBox(box)) return new Path(path as never, { ...props, left, top } as never);
  const p = new Path([['M', 0, 0]] as never, props as never);
  p.path = path as never;
  p.set({ pathOffset: new Point(box[0], box[1]), width: box[2], height: box[3], left: box[4], top: box[5] });
  return p;
}
