import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { IMAGE_COUNT, SKETCH_WEIGHT, type SketchStyle } from '../../../../src-preload/contract/domain/generation';
import type { PromptLists } from '../../../../src-preload/contract/prompts';
import type { AppError } from '../../../../src-preload/contract/result';
import { api } from '../../api';
import type { RemixHandoff } from './remix-handoff';
import { colorKey, isWhite, parseColor, sortColors, toHex, type Rgb } from '../canvas/core/color';
import { useDraftsStore } from '../canvas/drafts/store';
import { useCanvasStore } from '../canvas/store';
import {
  checkVariants,
  cutPrompt,
  imageCount,
  needsConfirm,
  variantsFor,
  type ExploreMode,
  type PanelParams,
  type PanelProblem,
} from './params';

const PREFS_KEY = 'wss.generate.prefs';
/** The sketch's preview for the Queue view; the contract allows up to 512 KB, this is ~5–20 KB. */
export const THUMB_PX = 128;
const MAX_COLORS = 32;

interface Prefs {
  style: SketchStyle;
  n: number;
  sketchWeight: number;
}

function loadPrefs(): Partial<Prefs> {
  try {
    const v = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as Partial<Prefs>;
    return typeof v === 'object' && v ? v : {};
  } catch {
    return {};
  }
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

export type SubmitOutcome =
  | { kind: 'queued'; ids: string[]; images: number }
  | { kind: 'problem'; problem: PanelProblem }
  | { kind: 'needsConfirm'; images: number }
  | { kind: 'error'; error: AppError };

/**
 * The Generate panel's state. The sketch comes from the canvas store (its snapped export and
 * its brush colours); the colours sent follow the canvas, minus the ones the user removed,
 * plus the ones they added. Style, n and weight are remembered between sessions.
 */
export const useGenerateStore = defineStore('generate', () => {
  const canvas = useCanvasStore();
  const prefs = loadPrefs();
  const prompt = ref('');
  const style = ref<SketchStyle>(prefs.style ?? '<auto>');
  const n = ref(Number.isInteger(prefs.n) ? (prefs.n as number) : IMAGE_COUNT.default);
  const sketchWeight = ref(
    Number.isInteger(prefs.sketchWeight) ? (prefs.sketchWeight as number) : SKETCH_WEIGHT.default,
  );
  /** null: follow the canvas (on for an imported photo); a boolean once the user chose. */
  const extractionChoice = ref<boolean | null>(null);
  const removed = ref<number[]>([]);
  const added = ref<Rgb[]>([]);
  const lists = ref<PromptLists>({ history: [], saved: [] });
  const submitting = ref(false);
  const problem = ref<PanelProblem | null>(null);
  let listsLoaded: Promise<void> | null = null;

  const cut = computed(() => cutPrompt(prompt.value));
  const extractionOffered = computed(() => canvas.suggestSketchExtraction);
  const sketchExtraction = computed(() => extractionOffered.value && (extractionChoice.value ?? true));
  /** The colours sent as sketch_color, darkest first. */
  const colors = computed<Rgb[]>(() => {
    const gone = new Set(removed.value);
    const out = new Map<number, Rgb>();
    for (const c of [...canvas.sketchColor, ...added.value]) {
      const k = colorKey(c);
      if (!gone.has(k)) out.set(k, c);
    }
    return sortColors(out.values()).slice(0, MAX_COLORS);
  });
  /** Colours the user added that the page does not use (shown marked). */
  const addedOnly = computed(() => {
    const onPage = new Set(canvas.sketchColor.map(colorKey));
    return new Set(added.value.map(colorKey).filter((k) => !onPage.has(k)));
  });

  const params = computed<PanelParams>(() => ({
    prompt: prompt.value,
    style: style.value,
    n: n.value,
    sketchWeight: sketchWeight.value,
    sketchExtraction: sketchExtraction.value,
    sketchColor: colors.value,
  }));

  function savePrefs(): void {
    localStorage.setItem(
      PREFS_KEY,
      JSON.stringify({ style: style.value, n: n.value, sketchWeight: sketchWeight.value }),
    );
  }
  function setStyle(s: SketchStyle): void {
    style.value = s;
    savePrefs();
  }
  function setN(v: number): void {
    n.value = Math.min(IMAGE_COUNT.max, Math.max(IMAGE_COUNT.min, Math.round(v)));
    savePrefs();
  }
  function setSketchWeight(v: number): void {
    sketchWeight.value = Math.min(SKETCH_WEIGHT.max, Math.max(SKETCH_WEIGHT.min, Math.round(v)));
    savePrefs();
  }
  function setExtraction(on: boolean): void {
    extractionChoice.value = on;
  }

  function removeColor(c: Rgb): void {
    const k = colorKey(c);
    added.value = added.value.filter((a) => colorKey(a) !== k);
    if (canvas.sketchColor.some((s) => colorKey(s) === k)) removed.value = [...new Set([...removed.value, k])];
  }
  /** Adds a colour by hex; false for white (the paper) or an unreadable value. */
  function addColor(hex: string): boolean {
    const c = parseColor(hex);
    if (!c || isWhite(c)) return false;
    const k = colorKey(c);
    removed.value = removed.value.filter((r) => r !== k);
    if (!colors.value.some((x) => colorKey(x) === k)) added.value = [...added.value, c];
    return true;
  }
  function resetColors(): void {
    removed.value = [];
    added.value = [];
  }
  /**
   * A Remix from the Gallery: the prompt always; with `all` also style, count, weight, extraction
   * and the colours (the remixed draft brings its own; any it did not draw are added).
   */
  function applyRemix(h: RemixHandoff): void {
    prompt.value = h.params.prompt;
    if (h.mode !== 'all') return;
    setStyle(h.params.style);
    setN(h.params.n);
    setSketchWeight(h.params.sketchWeight);
    extractionChoice.value = h.params.sketchExtraction;
    resetColors();
    added.value = [...h.params.sketchColor];
  }
  const colorsEdited = computed(() => removed.value.length > 0 || added.value.length > 0);

  function loadLists(): Promise<void> {
    listsLoaded ??= api.prompts.get().then((r) => {
      if (r.ok) lists.value = r.value;
    });
    return listsLoaded;
  }
  async function listCall(
    call: Promise<{ ok: true; value: PromptLists } | { ok: false; error: AppError }>,
  ): Promise<AppError | null> {
    const r = await call;
    if (!r.ok) return r.error;
    lists.value = r.value;
    return null;
  }
  const savePrompt = () => listCall(api.prompts.save({ prompt: prompt.value }));
  const unsavePrompt = (p: string) => listCall(api.prompts.unsave({ prompt: p }));
  const clearHistory = () => listCall(api.prompts.clearHistory());
  const isSaved = computed(() => lists.value.saved.includes(prompt.value.trim()));

  // A problem shown after a click goes as soon as it no longer holds (the user drew, imported,
  // typed, added a colour): a stale "The page is empty" would contradict the page.
  watch([params, () => canvas.state.objectCount], () => {
    if (
      problem.value &&
      checkVariants(params.value, [variantsFor(params.value, null)[0]!], canvas.state.objectCount === 0) !==
        problem.value
    )
      problem.value = null;
  });

  /** What one click would queue: its jobs and images (the panel prices them: usage/price). */
  function preview(mode: ExploreMode | null) {
    const variants = variantsFor(params.value, mode);
    return { variants, images: imageCount(variants) };
  }

  /**
   * Validates, exports the sketch and enqueues. Returns what happened; asks for confirmation
   * (without queueing) when the click would queue more than EXPLORE_CONFIRM_IMAGES images.
   */
  async function submit(
    opts: { front?: boolean; explore?: ExploreMode | null; confirmed?: boolean } = {},
  ): Promise<SubmitOutcome> {
    const { variants, images } = preview(opts.explore ?? null);
    const p = checkVariants(params.value, variants, canvas.state.objectCount === 0);
    problem.value = p;
    if (p) return { kind: 'problem', problem: p };
    if (needsConfirm(images) && !opts.confirmed) return { kind: 'needsConfirm', images };
    const controller = canvas.controller;
    if (!controller || submitting.value)
      return { kind: 'error', error: { code: 'internal', message: 'The canvas is not ready.' } };
    submitting.value = true;
    try {
      const sketch = await canvas.exportSketch();
      const drafts = useDraftsStore();
      const r = await api.jobs.enqueue({
        sketch: `data:image/png;base64,${toBase64(sketch.png)}`,
        thumbnail: controller.thumbnail(THUMB_PX),
        scene: controller.serialize(),
        draftId: drafts.current?.id ?? null,
        variants,
        front: opts.front ?? false,
      });
      if (!r.ok) return { kind: 'error', error: r.error };
      // The history keeps what was typed (the panel shows the cut again when it is recalled).
      void listCall(api.prompts.remember({ prompt: prompt.value.trim() }));
      return { kind: 'queued', ids: r.value.ids, images };
    } catch (e) {
      return { kind: 'error', error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
    } finally {
      submitting.value = false;
    }
  }

  return {
    prompt,
    style,
    n,
    sketchWeight,
    sketchExtraction,
    extractionOffered,
    colors,
    addedOnly,
    colorsEdited,
    lists,
    submitting,
    problem,
    cut,
    isSaved,
    params,
    setStyle,
    setN,
    setSketchWeight,
    setExtraction,
    removeColor,
    addColor,
    resetColors,
    applyRemix,
    loadLists,
    savePrompt,
    unsavePrompt,
    clearHistory,
    preview,
    submit,
    toHex,
  };
});
