/**
 * DashScope's two time notations. Task queries use `YYYY-MM-DD HH:mm:ss.SSS` strings, the list
 * API takes `YYYYMMDDhhmmss` parameters and returns epoch milliseconds. Neither states a time
 * zone (test/sim/CONTRACT.md §8 q4); we assume Beijing time (UTC+8) and let callers override. The poller
 * only uses differences of server times plus a measured offset, so a wrong guess costs nothing.
 */

export const BEIJING_UTC_OFFSET_MINUTES = 480;

const TASK_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;
const LIST_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function shifted(epochMs: number, offsetMinutes: number): Date {
  return new Date(epochMs + offsetMinutes * 60_000);
}

/** Parses `2024-11-01 09:50:56.081`; undefined when the text does not have that shape. */
export function parseTaskTime(text: string, offsetMinutes = BEIJING_UTC_OFFSET_MINUTES): number | undefined {
  const m = TASK_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m;
  const utc = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number((ms ?? '0').padEnd(3, '0')),
  );
  return Number.isNaN(utc) ? undefined : utc - offsetMinutes * 60_000;
}

export function formatTaskTime(epochMs: number, offsetMinutes = BEIJING_UTC_OFFSET_MINUTES): string {
  const t = shifted(epochMs, offsetMinutes);
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(t.getUTCMilliseconds(), 3)}`
  );
}

/** `YYYYMMDDhhmmss`, the list API's parameter format (second precision, truncated). */
export function formatListTime(epochMs: number, offsetMinutes = BEIJING_UTC_OFFSET_MINUTES): string {
  const t = shifted(epochMs, offsetMinutes);
  return (
    `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}` +
    `${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`
  );
}

export function parseListTime(text: string, offsetMinutes = BEIJING_UTC_OFFSET_MINUTES): number | undefined {
  const m = LIST_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  return Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s)) - offsetMinutes * 60_000;
}

/**
 * What we know of the server's clock relative to ours: bounds on `server − local` from exchanges
 * whose server time we saw (the `Date` header, second precision; a task's `gmt_create`, which the
 * server stamped between our send and its answer). Used to ask "was this task created after our
 * send?" in the server's time, whatever the PC clock or its time zone says.
 */
export class ServerClock {
  private samples: { lo: number; hi: number; at: number }[] = [];

  /** The `Date` header of an answer to a request sent at `sentAt` and answered at `receivedAt` (our clock). */
  observeDate(header: string | null, sentAt: number, receivedAt: number): void {
    if (!header) return;
    const d = Date.parse(header);
    if (Number.isNaN(d)) return;
    // The server wrote D ≤ its time < D + 1 s at some moment between our send and receipt.
    this.add(d - receivedAt, d + 1000 - sentAt, receivedAt);
  }

  /** An answer (its `Date` header) to a request sent at `sentAt` and answered at `receivedAt` (our clock). */
  observe(answer: { readonly headers: Headers }, sentAt: number, receivedAt = sentAt): void {
    this.observeDate(answer.headers.get('date'), sentAt, receivedAt);
  }

  /** A task we created in [sentAt, receivedAt] (our clock) and the server stamped `gmtCreate`. */
  observeCreated(gmtCreate: number, sentAt: number, receivedAt: number): void {
    this.add(gmtCreate - receivedAt, gmtCreate - sentAt, receivedAt);
  }

  private add(lo: number, hi: number, at: number): void {
    if (!(hi >= lo)) return;
    this.samples = [...this.samples.slice(-15), { lo, hi, at }];
  }

  /**
   * The earliest the server's clock can have read when ours read `localMs`, from the most
   * permissive recent sample (a PC clock corrected in between widens, never narrows, the match);
   * undefined before any exchange.
   */
  earliest(localMs: number): number | undefined {
    if (this.samples.length === 0) return undefined;
    return localMs + Math.min(...this.samples.map((s) => s.lo));
  }

  /** Best guess of the server's time now (middle of the latest sample), for display and sweeps. */
  estimate(localMs: number): number {
    const s = this.samples.at(-1);
    return s ? localMs + (s.lo + s.hi) / 2 : localMs;
  }
}
