import { describe, expect, it } from 'vitest';
import {
  GESTURES,
  SHORTCUTS,
  comboTokens,
  matchShortcut,
  type KeyLike,
} from '../../../src-renderer/src/features/canvas/core/shortcuts';
import catalog from '../../../src-renderer/src/features/canvas/i18n';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('canvas shortcuts', () => {
  it('maps the issue’s keys on Windows/Linux', () => {
    expect(matchShortcut(key('z', { ctrlKey: true }), false)).toBe('edit.undo');
    expect(matchShortcut(key('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('edit.redo');
    expect(matchShortcut(key('y', { ctrlKey: true }), false)).toBe('edit.redo');
    expect(matchShortcut(key('['), false)).toBe('brush.smaller');
    expect(matchShortcut(key(']'), false)).toBe('brush.larger');
    expect(matchShortcut(key('?', { shiftKey: true }), false)).toBe('help.shortcuts');
    expect(matchShortcut(key('=', { ctrlKey: true }), false)).toBe('view.zoomIn');
    expect(matchShortcut(key('+', { ctrlKey: true, shiftKey: true }), false)).toBe('view.zoomIn');
    expect(matchShortcut(key('-', { ctrlKey: true }), false)).toBe('view.zoomOut');
    expect(matchShortcut(key('e'), false)).toBe('tool.eraser');
  });

  it('uses ⌘ on macOS, but Ctrl+Y still redoes', () => {
    expect(matchShortcut(key('z', { metaKey: true }), true)).toBe('edit.undo');
    expect(matchShortcut(key('z', { ctrlKey: true }), true)).toBeNull();
    expect(matchShortcut(key('y', { ctrlKey: true }), true)).toBe('edit.redo');
    expect(comboTokens({ mod: true, shift: true, key: 'z' }, true)).toEqual(['⌘', '⇧', 'Z']);
  });

  it('a plain letter with Ctrl is not the tool', () => {
    expect(matchShortcut(key('e', { ctrlKey: true }), false)).toBeNull();
    expect(matchShortcut(key('z'), false)).toBeNull();
  });

  it('every action and gesture has a label in both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const labels = catalog[lang].shortcuts.actions as Record<string, string>;
      for (const id of [...SHORTCUTS.map((s) => s.id), ...GESTURES.map((g) => g.id)]) {
        expect(labels[id.replace('.', '-')], `${lang} ${id}`).toBeTruthy();
      }
    }
  });
});
