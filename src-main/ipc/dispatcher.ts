import type { z } from 'zod';
import {
  AppFailure,
  channels,
  err,
  fieldIssues,
  ok,
  type ChannelName,
  type Channels,
  type ResponseOf,
  type Result,
} from '../../src-preload/contract';
import { withoutFsPaths } from '../common/io-error';

export interface CallContext {
  /** URL of the frame that called (Electron's senderFrame.url, or the harness page's origin). */
  readonly senderUrl: string;
}

export type Handlers = {
  [C in ChannelName]: (
    payload: z.output<Channels[C]['req']>,
    ctx: CallContext,
  ) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

export interface DispatcherOptions {
  isTrustedSender(senderUrl: string | undefined): boolean;
  /** Where unexpected errors go. Payloads are never logged: they may hold user text. */
  logError?(channel: string, error: unknown): void;
}

export type Dispatch = (channel: string, payload: unknown, senderUrl: string | undefined) => Promise<Result<unknown>>;

const MAX_ISSUES = 5;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, MAX_ISSUES)
    .map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`)
    .join('; ');
}

/**
 * The single entry point for every IPC call: checks who is calling, validates what they
 * sent, runs the handler and validates what it returns. Nothing a renderer sends can crash
 * main; every failure comes back as a translatable `{ ok: false, error }`.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  const known = new Set<string>(Object.keys(channels));
  return async (name, payload, senderUrl) => {
    if (!options.isTrustedSender(senderUrl)) {
      return err('ipc.forbiddenSender', 'This window is not allowed to call the app.');
    }
    if (typeof name !== 'string' || !known.has(name)) {
      return err('ipc.unknownChannel', `Unknown channel: ${String(name).slice(0, 80)}`);
    }
    const channel = name as ChannelName;
    const def = channels[channel];
    const parsed = def.req.safeParse(payload);
    if (!parsed.success) {
      // The issues (path, kind, limits; never the value) let a form say what is wrong under the
      // field; the channel is for the details and the log, not for the sentence a person reads.
      return err(
        'ipc.invalidPayload',
        `Invalid request for ${channel}: ${describeIssues(parsed.error)}`,
        { channel },
        fieldIssues(parsed.error.issues),
      );
    }
    try {
      const handler = handlers[channel] as (p: unknown, c: CallContext) => unknown;
      const value = await handler(parsed.data, { senderUrl: senderUrl ?? '' });
      const checked = def.res.safeParse(value);
      if (!checked.success) {
        options.logError?.(channel, new Error(`response failed validation: ${describeIssues(checked.error)}`));
        return err('ipc.invalidResponse', `The app produced an unexpected answer for ${channel}.`, { channel });
      }
      return ok(checked.data);
    } catch (e) {
      // Services often append a cause to a failure's text; a file-system cause names the user's
      // paths, which the renderer has no business seeing.
      if (e instanceof AppFailure) return err(e.code, withoutFsPaths(e.message), e.params, e.issues);
      options.logError?.(channel, e);
      return err('internal', 'Something went wrong inside the app. The error was logged.');
    }
  };
}
