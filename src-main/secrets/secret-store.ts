import { AppFailure } from '../../src-preload/contract/result';
import type { SecretBackendState } from '../../src-preload/contract/secrets';
import { API_KEY_ACCOUNT } from './accounts';
import { SessionSecretBackend, type SecretBackend } from './backend';

type State =
  | { readonly kind: 'keychain'; readonly backend: SecretBackend }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'session'; readonly backend: SessionSecretBackend };

const unavailable = () =>
  new AppFailure(
    'secrets.keychainUnavailable',
    'No usable OS keychain. Start a Secret Service (e.g. gnome-keyring) or keep secrets for this session only.',
  );

/**
 * The one place secrets are read and written. Values never leave main: callers get them for
 * an outgoing request, the renderer only ever sees `presence()`. Errors from the keychain are
 * replaced by codes, because their text is not ours to show and must never carry a value.
 */
export class SecretStore {
  private state: State = { kind: 'unavailable' };
  /** The first keychain probe; every operation waits for it so startup needs no async step. */
  private probed: Promise<void> | null = null;

  /** `keychain` is null when the native module could not even be loaded. */
  constructor(private readonly keychain: SecretBackend | null) {}

  private ready(): Promise<void> {
    this.probed ??= this.keychainWorks().then((works) => {
      if (works && this.keychain && this.state.kind === 'unavailable') {
        this.state = { kind: 'keychain', backend: this.keychain };
      }
    });
    return this.probed;
  }

  async backendState(): Promise<SecretBackendState> {
    await this.ready();
    return this.state.kind;
  }

  /** The user's choice when no keychain works: keep secrets in memory until quit. */
  async useSessionOnly(): Promise<void> {
    await this.ready();
    if (this.state.kind === 'unavailable') this.state = { kind: 'session', backend: new SessionSecretBackend() };
  }

  /**
   * Tries the keychain again (e.g. after the user started gnome-keyring). Secrets typed in
   * session-only mode move into it, so nothing the user entered is lost.
   */
  async retryKeychain(): Promise<SecretBackendState> {
    await this.ready();
    if (this.state.kind === 'keychain' || !this.keychain || !(await this.keychainWorks())) return this.state.kind;
    if (this.state.kind === 'session') {
      for (const [account, value] of this.state.backend.entries()) {
        await this.keychain.set(account, value);
      }
    }
    this.state = { kind: 'keychain', backend: this.keychain };
    return 'keychain';
  }

  async get(account: string): Promise<string | null> {
    return this.run((b) => b.get(account));
  }

  async set(account: string, value: string): Promise<void> {
    await this.run((b) => b.set(account, value));
  }

  async delete(account: string): Promise<void> {
    await this.run((b) => b.delete(account));
  }

  private async keychainWorks(): Promise<boolean> {
    if (!this.keychain) return false;
    try {
      await this.keychain.get(API_KEY_ACCOUNT);
      return true;
    } catch {
      return false;
    }
  }

  private async run<T>(op: (backend: SecretBackend) => Promise<T>): Promise<T> {
    await this.ready();
    const state = this.state;
    if (state.kind === 'unavailable') throw unavailable();
    try {
      return await op(state.backend);
    } catch {
      if (state.kind === 'keychain') {
        // The daemon went away or the collection got locked: show the banner again.
        this.state = { kind: 'unavailable' };
      }
      throw new AppFailure('secrets.keychainFailed', 'The OS keychain refused the request.');
    }
  }
}
