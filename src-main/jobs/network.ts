import type { NetworkState } from '../../src-preload/contract/domain/jobs';
import type { Clock } from '../common/clock';
import type { FetchLike } from '../common/fetch';
import { isRedirectRefusal } from '../common/redirect-refusal';

export interface OnlineSource {
  /** The OS's view (electron `net.isOnline()` in the app); it can say online when nothing is reachable. */
  isOnline(): boolean;
  /** Calls back when the OS flag flips or the machine wakes from sleep; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** Node has no OS online flag: always online, never changes (the probe still decides). */
export const alwaysOnline: OnlineSource = { isOnline: () => true, onChange: () => () => undefined };

export interface NetworkMonitorDeps {
  readonly source: OnlineSource;
  /** The configured DashScope base URL (it changes with the region setting). */
  readonly endpoint: () => string;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  /** While offline, probe again this often. */
  readonly recheckMs?: number;
  /** A good probe is trusted this long before the next step probes again. */
  readonly freshMs?: number;
  readonly probeTimeoutMs?: number;
}

/**
 * Online = the OS says so *and* a cheap request to the configured endpoint gets any HTTP answer
 * (no key needed; a 404 proves the host is reachable). While offline it re-probes on its own and
 * tells its listeners when the network is back.
 */
export class NetworkMonitor {
  private current: NetworkState;
  private readonly listeners = new Set<(s: NetworkState) => void>();
  private checking: Promise<NetworkState> | null = null;
  private recheck: AbortController | null = null;
  private readonly unsubscribe: () => void;
  private stopped = false;

  constructor(private readonly deps: NetworkMonitorDeps) {
    this.current = { online: true, cause: null, checkedAt: 0 };
    this.unsubscribe = deps.source.onChange(() => void this.check());
  }

  get state(): NetworkState {
    return this.current;
  }

  onChange(listener: (s: NetworkState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Online now? Probes only when the last good probe is stale. */
  async ensure(): Promise<boolean> {
    const fresh = this.deps.freshMs ?? 30_000;
    if (
      this.current.online &&
      this.current.checkedAt > 0 &&
      this.deps.clock.now() - this.current.checkedAt < fresh &&
      this.deps.source.isOnline()
    ) {
      return true;
    }
    return (await this.check()).online;
  }

  /** Probes now (a step failed with a network error, the key or region changed, the machine woke). */
  check(): Promise<NetworkState> {
    this.checking ??= this.probe().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async probe(): Promise<NetworkState> {
    let next: NetworkState;
    const now = () => this.deps.clock.now();
    if (!this.deps.source.isOnline()) next = { online: false, cause: 'os', checkedAt: now() };
    else {
      let reachable = false;
      try {
        const res = await this.deps.fetch(this.deps.endpoint(), {
          method: 'GET',
          redirect: 'manual',
          signal: AbortSignal.timeout(this.deps.probeTimeoutMs ?? 5000),
        });
        await res.body?.cancel().catch(() => undefined);
        reachable = true;
      } catch (e) {
        // Electron's net.fetch rejects a manual-mode 3xx instead of answering it; a redirect is
        // still an answer from the endpoint.
        reachable = isRedirectRefusal(e);
      }
      next = reachable
        ? { online: true, cause: null, checkedAt: now() }
        : { online: false, cause: 'probe', checkedAt: now() };
    }
    const flipped = next.online !== this.current.online || next.cause !== this.current.cause;
    this.current = next;
    if (flipped) for (const l of this.listeners) l(next);
    if (!next.online) this.scheduleRecheck();
    return next;
  }

  private scheduleRecheck(): void {
    if (this.recheck || this.stopped) return;
    const ctl = new AbortController();
    this.recheck = ctl;
    this.deps.clock.sleep(this.deps.recheckMs ?? 5000, ctl.signal).then(
      () => {
        this.recheck = null;
        if (!this.stopped) void this.check();
      },
      () => undefined,
    );
  }

  stop(): void {
    this.stopped = true;
    this.recheck?.abort();
    this.recheck = null;
    this.unsubscribe();
  }
}
