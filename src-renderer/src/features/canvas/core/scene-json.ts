import { util, type FabricObject } from 'fabric';
import { INERT, PAGE } from './scene';
import { isStoredFormat, reviveStoredPath, toStoredObject } from './stored-path';

/** The draft format on disk: fabric's object list plus our version tag. */
interface SceneJson {
  version: string;
  app: 'wanx-sketch-studio';
  page: number;
  objects: unknown[];
}

/**
 * fabric's enlivenObjects goes through a promise chain per object; strokes (plain paths,
 * nearly everything on a page) are built synchronously instead, which halves opening a
 * 2,000-stroke draft. Other types (images) still use fabric's loader. Order is kept.
 */
async function reviveObjects(list: unknown[]): Promise<FabricObject[]> {
  const out: Array<FabricObject | null> = new Array(list.length).fill(null);
  const others: Array<{ i: number; json: unknown }> = [];
  list.forEach((json, i) => {
    const o = json as { type?: unknown; path?: unknown } | null;
    if (
      o &&
      typeof o === 'object' &&
      typeof o.type === 'string' &&
      o.type.toLowerCase() === 'path' &&
      Array.isArray(o.path)
    ) {
      out[i] = reviveStoredPath(o as Record<string, unknown>);
    } else {
      others.push({ i, json });
    }
  });
  if (others.length) {
    const revived = await util.enlivenObjects<FabricObject>(others.map((o) => o.json));
    others.forEach((o, k) => (out[o.i] = revived[k] ?? null));
  }
  return out.filter((o): o is FabricObject => o !== null);
}

/**
 * A page's objects to and from the draft format. Serialised objects are immutable once created,
 * so each one's JSON is computed once (autosave runs every second on 2,000-stroke pages).
 */
export class SceneSerializer {
  private readonly jsonCache = new WeakMap<FabricObject, unknown>();

  serialize(objects: readonly FabricObject[]): string {
    const list = objects.map((o) => {
      let json = this.jsonCache.get(o);
      if (json === undefined) {
        json = toStoredObject(o);
        this.jsonCache.set(o, json);
      }
      return json;
    });
    const scene: SceneJson = { version: '1', app: 'wanx-sketch-studio', page: PAGE, objects: list };
    return JSON.stringify(scene);
  }

  /** The objects of a saved scene, inert and with their roles, ready to be put on the page. */
  async revive(sceneText: string): Promise<FabricObject[]> {
    const parsed = JSON.parse(sceneText) as Partial<SceneJson>;
    const list = Array.isArray(parsed.objects) ? parsed.objects : [];
    const objs = await reviveObjects(list);
    for (const o of objs) {
      o.set(INERT);
      if (!o.wsRole) o.wsRole = o.globalCompositeOperation === 'destination-out' ? 'eraser' : 'ink';
    }
    // Reuse the incoming JSON only when it is already in the stored format; an older draft is
    // rewritten compactly (with path boxes) on its next save.
    objs.forEach((o, i) => {
      if (isStoredFormat(list[i])) this.jsonCache.set(o, list[i]);
    });
    return objs;
  }

  /** An object changed after it was serialised (an image dragged while an autosave ran). */
  forget(obj: FabricObject): void {
    this.jsonCache.delete(obj);
  }
}
