import { onActivated, onBeforeUnmount, onDeactivated, onMounted } from 'vue';
import { isMacPlatform, matchShortcut, type ActionId } from './core/shortcuts';
import { useCanvasStore } from './store';

/** Typing in a field must never trigger a tool. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** A control Space presses when it has the focus (a button, a radio…). */
function isControl(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return !!el.closest(
    'button, a[href], summary, [role="button"], [role="radio"], [role="checkbox"], [role="switch"], [role="tab"], [role="menuitem"], [role="option"]',
  );
}

export const isMac = () => isMacPlatform(navigator.platform || navigator.userAgent);

/** Window-level keys of the Draw view: the shortcut table plus Space for panning. */
export function useCanvasKeys(handlers: { importImage(): void; confirmClear(): void }) {
  const store = useCanvasStore();
  // Space presses a control the keyboard moved to; a control merely left focused by a click
  // (a tool button) does not take it, so Space-drag still pans for a mouse user.
  let pointerDown = false;
  let clicked: EventTarget | null = null;
  const onPointerDown = () => (pointerDown = true);
  const onFocusIn = (e: FocusEvent) => (clicked = pointerDown ? e.target : null);
  const spacePresses = (target: EventTarget | null) => isControl(target) && target !== clicked;

  const run: Record<ActionId, () => void> = {
    'tool.pencil': () => store.setTool('pencil'),
    'tool.eraser': () => store.setTool('eraser'),
    'tool.line': () => store.setTool('line'),
    'tool.rect': () => store.setTool('rect'),
    'tool.ellipse': () => store.setTool('ellipse'),
    'tool.eyedropper': () => store.setTool('eyedropper'),
    'brush.smaller': () => store.nudgeBrush(-1),
    'brush.larger': () => store.nudgeBrush(1),
    'edit.undo': () => store.undo(),
    'edit.redo': () => store.redo(),
    'edit.clear': () => handlers.confirmClear(),
    'view.zoomIn': () => store.zoomIn(),
    'view.zoomOut': () => store.zoomOut(),
    'view.fit': () => store.fit(),
    'view.actual': () => store.actualSize(),
    'file.import': () => handlers.importImage(),
    'help.shortcuts': () => (store.shortcutsOpen = !store.shortcutsOpen),
  };

  function onKeyDown(e: KeyboardEvent) {
    pointerDown = false;
    if (isTyping(e.target)) return;
    // The import question is open: its buttons take the keys (Esc cancels), no tool changes under it.
    if (store.importChoice) {
      if (e.key === 'Escape') store.chooseImport(null);
      return;
    }
    if (e.key === 'Enter' && store.state.arranging) {
      e.preventDefault();
      store.controller?.finishArranging();
      return;
    }
    if (e.key === 'Escape') {
      if (store.shortcutsOpen) store.shortcutsOpen = false;
      else store.controller?.cancel();
      return;
    }
    if ((e.key === ' ' || e.code === 'Space') && !spacePresses(e.target)) {
      e.preventDefault();
      store.controller?.setSpace(true);
      return;
    }
    const action = matchShortcut(e, isMac());
    if (!action) return;
    if (store.shortcutsOpen && action !== 'help.shortcuts') return;
    e.preventDefault();
    run[action]();
  }

  function onKeyUp(e: KeyboardEvent) {
    if (e.key === ' ' || e.code === 'Space') store.controller?.setSpace(false);
  }

  const onBlur = () => store.controller?.setSpace(false);

  // The Draw view is kept alive behind the other views; its keys must only act while it shows.
  // (Adding or removing the same listener twice is a no-op, so mount + activate is safe.)
  function listen() {
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('focusin', onFocusIn);
  }
  function stop() {
    window.removeEventListener('keydown', onKeyDown);
    window.removeEventListener('keyup', onKeyUp);
    window.removeEventListener('blur', onBlur);
    window.removeEventListener('pointerdown', onPointerDown, true);
    window.removeEventListener('focusin', onFocusIn);
    onBlur();
    store.shortcutsOpen = false;
  }
  onMounted(listen);
  onActivated(listen);
  onDeactivated(stop);
  onBeforeUnmount(stop);
}
