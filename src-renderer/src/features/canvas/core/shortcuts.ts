/**
 * Every canvas shortcut in one table: the key handler matches against it and the `?` sheet
 * renders it, so the sheet cannot drift from what the keys do. `Mod` is Ctrl, or ⌘ on macOS.
 */
export type ActionId =
  | 'tool.pencil'
  | 'tool.eraser'
  | 'tool.line'
  | 'tool.rect'
  | 'tool.ellipse'
  | 'tool.eyedropper'
  | 'brush.smaller'
  | 'brush.larger'
  | 'edit.undo'
  | 'edit.redo'
  | 'edit.clear'
  | 'view.zoomIn'
  | 'view.zoomOut'
  | 'view.fit'
  | 'view.actual'
  | 'file.import'
  | 'help.shortcuts';

/** Gestures listed on the sheet that are not single key presses. */
export type GestureId =
  | 'gesture.pan'
  | 'gesture.panMiddle'
  | 'gesture.wheelZoom'
  | 'gesture.constrain'
  | 'gesture.fromCenter'
  | 'gesture.paste'
  | 'gesture.drop'
  | 'gesture.escape'
  // Keys of the Generate panel and the Gallery, listed on the same sheet (handled where they act).
  | 'generate.generate'
  | 'generate.next'
  | 'gallery.move'
  | 'gallery.select'
  | 'gallery.range'
  | 'gallery.open'
  | 'gallery.star'
  | 'gallery.delete'
  | 'gallery.undoDelete'
  | 'gallery.images'
  | 'gallery.close';

export type ShortcutGroup = 'tools' | 'edit' | 'view' | 'file' | 'generate' | 'gallery';

/** A key combo: modifiers plus one key as `KeyboardEvent.key` reports it (case-insensitive). */
export interface Combo {
  readonly mod?: boolean;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
  readonly alt?: boolean;
  readonly key: string;
}

export interface ShortcutDef {
  readonly id: ActionId;
  readonly group: ShortcutGroup;
  readonly combos: readonly Combo[];
}

export interface GestureDef {
  readonly id: GestureId;
  readonly group: ShortcutGroup;
  /** Display tokens, e.g. ['Space', 'drag']; tokens that are words get translated by the sheet. */
  readonly tokens: readonly string[];
  /** Another way to do the same (a key for a click), shown after "or". */
  readonly or?: readonly string[];
}

export const SHORTCUTS: readonly ShortcutDef[] = [
  { id: 'tool.pencil', group: 'tools', combos: [{ key: 'p' }, { key: 'b' }] },
  { id: 'tool.eraser', group: 'tools', combos: [{ key: 'e' }] },
  { id: 'tool.line', group: 'tools', combos: [{ key: 'l' }] },
  { id: 'tool.rect', group: 'tools', combos: [{ key: 'r' }] },
  { id: 'tool.ellipse', group: 'tools', combos: [{ key: 'o' }] },
  { id: 'tool.eyedropper', group: 'tools', combos: [{ key: 'i' }] },
  { id: 'brush.smaller', group: 'tools', combos: [{ key: '[' }] },
  { id: 'brush.larger', group: 'tools', combos: [{ key: ']' }] },
  { id: 'edit.undo', group: 'edit', combos: [{ mod: true, key: 'z' }] },
  {
    id: 'edit.redo',
    group: 'edit',
    combos: [
      { mod: true, shift: true, key: 'z' },
      { ctrl: true, key: 'y' },
    ],
  },
  {
    id: 'edit.clear',
    group: 'edit',
    combos: [
      { mod: true, key: 'Delete' },
      { mod: true, key: 'Backspace' },
    ],
  },
  {
    id: 'view.zoomIn',
    group: 'view',
    combos: [
      { mod: true, key: '=' },
      { mod: true, key: '+' },
    ],
  },
  { id: 'view.zoomOut', group: 'view', combos: [{ mod: true, key: '-' }] },
  {
    id: 'view.fit',
    group: 'view',
    combos: [
      { mod: true, key: '0' },
      { shift: true, key: '!' },
    ],
  },
  { id: 'view.actual', group: 'view', combos: [{ mod: true, key: '1' }] },
  { id: 'file.import', group: 'file', combos: [{ mod: true, key: 'o' }] },
  { id: 'help.shortcuts', group: 'file', combos: [{ key: '?' }] },
];

export const GESTURES: readonly GestureDef[] = [
  { id: 'gesture.constrain', group: 'tools', tokens: ['Shift', 'drag'] },
  { id: 'gesture.fromCenter', group: 'tools', tokens: ['Alt', 'drag'] },
  { id: 'gesture.escape', group: 'tools', tokens: ['Esc'] },
  { id: 'gesture.wheelZoom', group: 'view', tokens: ['wheel'] },
  { id: 'gesture.pan', group: 'view', tokens: ['Space', 'drag'] },
  { id: 'gesture.panMiddle', group: 'view', tokens: ['middle', 'drag'] },
  { id: 'gesture.paste', group: 'file', tokens: ['Mod', 'V'] },
  { id: 'gesture.drop', group: 'file', tokens: ['drop'] },
  { id: 'generate.generate', group: 'generate', tokens: ['Mod', 'Enter'] },
  { id: 'generate.next', group: 'generate', tokens: ['Mod', 'Shift', 'Enter'] },
  { id: 'gallery.move', group: 'gallery', tokens: ['←', '→', '↑', '↓'] },
  { id: 'gallery.open', group: 'gallery', tokens: ['click'], or: ['Enter'] },
  { id: 'gallery.select', group: 'gallery', tokens: ['Mod', 'click'], or: ['Space'] },
  { id: 'gallery.range', group: 'gallery', tokens: ['Shift', 'click'], or: ['Shift', '←', '→', '↑', '↓'] },
  { id: 'gallery.star', group: 'gallery', tokens: ['.'] },
  { id: 'gallery.delete', group: 'gallery', tokens: ['Delete'] },
  { id: 'gallery.undoDelete', group: 'gallery', tokens: ['Mod', 'Z'] },
  { id: 'gallery.images', group: 'gallery', tokens: ['←', '→'] },
  { id: 'gallery.close', group: 'gallery', tokens: ['Esc'] },
];

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** Keys whose character already implies Shift on common layouts; Shift is not compared for them. */
const SHIFTED_CHARS = new Set(['?', '+', '!']);

function matches(combo: Combo, e: KeyLike, isMac: boolean): boolean {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (key !== (combo.key.length === 1 ? combo.key.toLowerCase() : combo.key)) return false;
  const wantCtrl = !!combo.ctrl || (!!combo.mod && !isMac);
  const wantMeta = !!combo.mod && isMac;
  if (e.ctrlKey !== wantCtrl || e.metaKey !== wantMeta) return false;
  if (e.altKey !== !!combo.alt) return false;
  if (!SHIFTED_CHARS.has(combo.key) && e.shiftKey !== !!combo.shift) return false;
  return true;
}

export function matchShortcut(e: KeyLike, isMac: boolean): ActionId | null {
  for (const def of SHORTCUTS) if (def.combos.some((c) => matches(c, e, isMac))) return def.id;
  return null;
}

/** Display tokens for a combo, e.g. ['Ctrl', 'Shift', 'Z'] or ['⌘', '⇧', 'Z']. */
export function comboTokens(combo: Combo, isMac: boolean): string[] {
  const t: string[] = [];
  if (combo.ctrl) t.push(isMac ? '⌃' : 'Ctrl');
  if (combo.mod) t.push(isMac ? '⌘' : 'Ctrl');
  if (combo.alt) t.push(isMac ? '⌥' : 'Alt');
  if (combo.shift) t.push(isMac ? '⇧' : 'Shift');
  const names: Record<string, string> = { '!': '1', Delete: 'Del', Backspace: '⌫' };
  t.push(names[combo.key] ?? (combo.key.length === 1 ? combo.key.toUpperCase() : combo.key));
  return t;
}

export const isMacPlatform = (platform: string) => /mac|darwin|iphone|ipad/i.test(platform);
