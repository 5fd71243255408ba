import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppError } from '../../../../src-preload/contract/result';
import { DEFAULT_INK, isWhite, parseColor, toHex, type Rgb } from './core/color';
import {
  BRUSH_MAX,
  BRUSH_MIN,
  type CanvasState,
  type PlaceMode,
  type SketchController,
  type Tool,
} from './core/controller';
import { checkExportSize, type ExportOptions, type SketchExport } from './core/export';
import type { ImageKind } from './core/classify';
import { ImportError, readImage, type ImportedImage } from './import/read-image';

export const SWATCHES = [
  DEFAULT_INK,
  '#6b7280',
  '#dc2626',
  '#ea580c',
  '#ca8a04',
  '#16a34a',
  '#0891b2',
  '#2563eb',
  '#7c3aed',
  '#db2777',
  '#92400e',
  '#0f766e',
] as const;
const RECENT_KEY = 'wss.canvas.recentColors';
const BRUSH_KEY = 'wss.canvas.brush';
const RECENT_MAX = 8;
/** How long the page must be still before the exact (pixel) colour check runs. */
const VERIFY_IDLE_MS = 250;

function loadRecent(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(v)
      ? v.filter((c): c is string => typeof c === 'string' && parseColor(c) !== null).slice(0, RECENT_MAX)
      : [];
  } catch {
    return [];
  }
}

/**
 * The Draw view's state and the one API the rest of the app uses to reach the sketch:
 * `exportSketch()`, `sketchColor`, `suggestSketchExtraction`. The fabric controller is
 * attached by the canvas component and never made reactive.
 */
export const useCanvasStore = defineStore('canvas', () => {
  const controller = shallowRef<SketchController | null>(null);
  const tool = ref<Tool>('pencil');
  const color = ref<string>(DEFAULT_INK);
  const brushSize = ref(Number(localStorage.getItem(BRUSH_KEY)) || 4);
  const recentColors = ref<string[]>(loadRecent());
  const state = ref<CanvasState>({
    canUndo: false,
    canRedo: false,
    objectCount: 0,
    inkColors: [],
    hasPhoto: false,
    zoom: 1,
    arranging: false,
  });
  /** Exactly what an export would send as `sketch_color` (verified on the rendered pixels). */
  const sketchColor = ref<Rgb[]>([]);
  const shortcutsOpen = ref(false);
  const importing = ref(false);
  /** An imported image waiting for the user to say whether it replaces the drawing or goes on top. */
  const importChoice = ref<{ kind: ImageKind } | null>(null);
  let resolveChoice: ((mode: PlaceMode | null) => void) | null = null;
  /** Bumped on every scene change; the drafts store watches it to autosave. */
  const revision = ref(0);
  const drawing = ref(false);
  let verifyTimer: ReturnType<typeof setTimeout> | undefined;

  const suggestSketchExtraction = computed(() => state.value.hasPhoto);
  const zoomPercent = computed(() => Math.round(state.value.zoom * 100));

  function attach(c: SketchController): void {
    controller.value = c;
    c.setColor(color.value);
    c.setBrushSize(brushSize.value);
    c.setTool(tool.value);
  }

  function detach(c: SketchController): void {
    if (controller.value === c) controller.value = null;
    clearTimeout(verifyTimer);
    chooseImport(null);
  }

  /** Called by the controller: cheap colours now, exact ones once the page is still. */
  function onState(s: CanvasState): void {
    const colorsChanged =
      s.objectCount !== state.value.objectCount ||
      s.inkColors.length !== state.value.inkColors.length ||
      s.hasPhoto !== state.value.hasPhoto;
    state.value = s;
    if (colorsChanged || sketchColor.value.length > s.inkColors.length) scheduleVerify();
  }

  function onChanged(): void {
    revision.value++;
    scheduleVerify();
  }

  function scheduleVerify(): void {
    // Until the check runs, show the object-level colours: a superset of what is visible.
    sketchColor.value = state.value.inkColors;
    clearTimeout(verifyTimer);
    verifyTimer = setTimeout(() => {
      if (drawing.value) return scheduleVerify();
      const c = controller.value;
      if (c) sketchColor.value = c.visibleInkColors();
    }, VERIFY_IDLE_MS);
  }

  function setTool(t: Tool): void {
    tool.value = t;
    controller.value?.setTool(t);
  }

  function setColor(hex: string): void {
    const rgb = parseColor(hex);
    if (!rgb) return;
    const norm = toHex(rgb);
    color.value = norm;
    controller.value?.setColor(norm);
    if (!isWhite(rgb)) {
      recentColors.value = [norm, ...recentColors.value.filter((c) => c !== norm)].slice(0, RECENT_MAX);
      localStorage.setItem(RECENT_KEY, JSON.stringify(recentColors.value));
    }
    if (tool.value === 'eraser' || tool.value === 'eyedropper') setTool('pencil');
  }

  function setBrushSize(px: number): void {
    brushSize.value = Math.min(BRUSH_MAX, Math.max(BRUSH_MIN, Math.round(px)));
    controller.value?.setBrushSize(brushSize.value);
    localStorage.setItem(BRUSH_KEY, String(brushSize.value));
  }

  /** `[` / `]`: small steps for thin brushes, bigger ones for thick. */
  function nudgeBrush(dir: 1 | -1): void {
    const s = brushSize.value;
    const step = s < 10 ? 1 : s < 24 ? 2 : 4;
    setBrushSize(s + dir * step);
  }

  const undo = () => controller.value?.undo();
  const redo = () => controller.value?.redo();
  const clear = () => controller.value?.clear();
  const zoomIn = () => controller.value?.zoomBy(1.25);
  const zoomOut = () => controller.value?.zoomBy(0.8);
  const fit = () => controller.value?.fit();
  const actualSize = () => controller.value?.actualSize();

  /** Answers the pending import question; null cancels the import. */
  function chooseImport(mode: PlaceMode | null): void {
    const resolve = resolveChoice;
    resolveChoice = null;
    importChoice.value = null;
    resolve?.(mode);
  }

  /**
   * Imports an image file; resolves to an error (translatable) or the imported image, and whether
   * it was placed. On a page with a drawing the user is asked first: replace it, or put the image
   * on top to move and scale (`placed: false` when they cancel).
   */
  async function importFile(
    file: Blob,
  ): Promise<{ ok: true; image: ImportedImage; placed: boolean } | { ok: false; error: AppError }> {
    const c = controller.value;
    if (!c) return { ok: false, error: { code: 'internal', message: 'The canvas is not ready.' } };
    importing.value = true;
    try {
      const image = await readImage(file);
      let mode: PlaceMode = 'replace';
      if (state.value.objectCount > 0) {
        chooseImport(null); // a second import replaces a question still open
        const picked = await new Promise<PlaceMode | null>((resolve) => {
          resolveChoice = resolve;
          importChoice.value = { kind: image.kind };
        });
        if (!picked) return { ok: true, image, placed: false };
        mode = picked;
      }
      await c.placeImage(image, mode);
      if (image.kind === 'lines' && !c.arranging) setTool(tool.value === 'eraser' ? 'eraser' : 'pencil');
      return { ok: true, image, placed: true };
    } catch (e) {
      if (e instanceof ImportError) return { ok: false, error: { code: e.code, message: e.message } };
      return { ok: false, error: { code: 'canvas.import.corrupt', message: String(e) } };
    } finally {
      importing.value = false;
    }
  }

  /**
   * The sketch as the API receives it: square PNG (EXPORT_MIN–EXPORT_MAX, default EXPORT_DEFAULT) on white, and the
   * brush colours in it. For line sketches every non-white pixel is one of `sketchColor`.
   */
  async function exportSketch(options: ExportOptions = {}): Promise<SketchExport> {
    const c = controller.value;
    if (!c) throw new Error('The canvas is not ready.');
    if (options.size !== undefined) checkExportSize(options.size);
    return c.exportSketch(options);
  }

  return {
    controller,
    tool,
    color,
    brushSize,
    recentColors,
    state,
    sketchColor,
    suggestSketchExtraction,
    zoomPercent,
    shortcutsOpen,
    importing,
    importChoice,
    chooseImport,
    revision,
    drawing,
    attach,
    detach,
    onState,
    onChanged,
    setTool,
    setColor,
    setBrushSize,
    nudgeBrush,
    undo,
    redo,
    clear,
    zoomIn,
    zoomOut,
    fit,
    actualSize,
    importFile,
    exportSketch,
  };
});
