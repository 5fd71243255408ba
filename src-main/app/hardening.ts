import { app, shell, type Session, type WebContents } from 'electron';
import { isAllowedExternalLink } from '../security/external-links';
import { mayNavigate, windowOpenDecision } from '../security/navigation';

/**
 * The app's only door to the OS browser, and the one place its allowlist is enforced: callers
 * hand it any URL (the window-open handler does, unchecked), and anything off the list is dropped.
 */
export async function openAllowlistedLink(url: string): Promise<void> {
  if (!isAllowedExternalLink(url)) return;
  await shell.openExternal(url);
}

/** Every permission (camera, notifications prompt, geolocation…) is refused: the app needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * No in-app navigation, no new windows, no webviews. A link the user clicks opens in the OS
 * browser only when it points at an allowlisted documentation or console site.
 */
export function lockDownContents(contents: WebContents, rendererOrigin: string): void {
  contents.on('will-navigate', (event) => {
    if (!mayNavigate(event.url, rendererOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!mayNavigate(event.url, rendererOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Not pre-checked here: openAllowlistedLink is the guard (so the security gate sees it work).
    openAllowlistedLink(url).catch((e: unknown) => console.error('[shell] could not open a link:', e));
    return windowOpenDecision();
  });
}

export function hardenApp(rendererOrigin: string): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, rendererOrigin));
}
