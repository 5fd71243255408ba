import { nextTick, ref, type Ref } from 'vue';
import type { AppError, FieldIssue } from '../../../src-preload/contract/result';

/**
 * Field-level errors for any form (settings, the Generate panel, gallery dialogs).
 *
 * A form names its fields by their path in the request it sends, joined with dots
 * (`apiKey`, `dashscope.customBaseUrl`, `storage.s3.endpoint`). Then:
 * - main validates every request with the contract's zod schema (the renderer bundle holds no
 *   zod, see eslint.config's renderer boundary) and a refused one (`ipc.invalidPayload`, or a
 *   service failure carrying `issues`) comes back with field issues: `take(error)` shows them
 *   under their fields. It returns false when an issue has no field on screen: that request came
 *   from a bug, and the caller shows the generic message (e.g. a notice) instead;
 * - checks a form can make before sending (a required field left empty, a field declared as a
 *   URL; see `declaredIssues`) go through `show(issues)`, so both look the same;
 * - each field binds `v-bind="attrs(key)"` (aria-invalid, aria-describedby) and renders
 *   `<FieldError :id="errorId(key)" :issue="issue(key)" :example="…" />` under itself;
 * - `clear(key)` when the user edits the field, `clear()` when the form is reset;
 * - with a `root` (the form's element), every `show`/`take` that marks a field moves the focus to
 *   the first marked one, so a keyboard or screen-reader user lands on what needs fixing.
 *
 * An issue maps to the longest field key its path starts with, so a form may register a whole
 * list (`storage.http.headers`) or its items (`storage.http.headers.0.name`).
 */
export interface FieldErrors {
  readonly issues: Readonly<Ref<Readonly<Record<string, FieldIssue>>>>;
  take(error: AppError): boolean;
  show(issues: readonly FieldIssue[]): boolean;
  issue(key: string): FieldIssue | undefined;
  attrs(key: string): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string };
  errorId(key: string): string;
  clear(key?: string): void;
  readonly any: () => boolean;
}

export const pathKey = (path: readonly (string | number)[]) => path.map(String).join('.');

/** The field key of `fields` that an issue at `path` belongs to, or undefined when none does. */
export function fieldFor(path: readonly (string | number)[], fields: readonly string[]): string | undefined {
  const key = pathKey(path);
  let best: string | undefined;
  for (const f of fields) {
    const covers = key === f || key.startsWith(`${f}.`);
    if (covers && (best === undefined || f.length > best.length)) best = f;
  }
  return best;
}

/** A web address DashScope or a storage server can be reached at: http(s) with a host. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

/** A field a form declares (e.g. a storage adapter's FieldDecl): its key, and what it must be. */
export interface DeclaredField {
  readonly key: string;
  readonly kind: string;
  readonly required?: boolean;
}

/**
 * What can be told before sending, from a form's field declarations: a required field left
 * empty, a URL field that is not an http(s) address. `present(key)` says whether a field whose
 * value the form does not hold (a keychain secret) is set.
 */
export function declaredIssues(
  fields: readonly DeclaredField[],
  values: Readonly<Record<string, unknown>>,
  base: readonly (string | number)[],
  present: (key: string) => boolean = () => false,
): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const f of fields) {
    const raw = values[f.key];
    const text = typeof raw === 'string' ? raw.trim() : '';
    const empty = f.kind === 'secret' ? !text && !present(f.key) : (f.kind === 'text' || f.kind === 'url') && !text;
    if (f.required && empty) out.push({ path: [...base, f.key], kind: 'required' });
    else if (f.kind === 'url' && text && !isHttpUrl(text)) out.push({ path: [...base, f.key], kind: 'url' });
  }
  return out;
}

export function useFieldErrors(options: {
  idPrefix: string;
  fields: () => readonly string[];
  root?: () => HTMLElement | null | undefined;
}): FieldErrors {
  const issues = ref<Record<string, FieldIssue>>({});

  function show(list: readonly FieldIssue[]): boolean {
    const fields = options.fields();
    const next: Record<string, FieldIssue> = {};
    let allPlaced = true;
    for (const i of list) {
      const key = fieldFor(i.path, fields);
      if (key === undefined) allPlaced = false;
      else next[key] ??= i; // the first issue of a field is the one to fix first
    }
    issues.value = next;
    if (Object.keys(next).length && options.root) {
      void nextTick(() => options.root?.()?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    }
    return allPlaced;
  }

  const errorId = (key: string) => `${options.idPrefix}-${key.replace(/[^A-Za-z0-9_-]/g, '-')}-error`;

  return {
    issues,
    show,
    take(error) {
      if (!error.issues?.length) return false;
      return show(error.issues);
    },
    issue: (key) => issues.value[key],
    attrs(key) {
      return issues.value[key] ? { 'aria-invalid': 'true', 'aria-describedby': errorId(key) } : {};
    },
    errorId,
    clear(key) {
      if (key === undefined) issues.value = {};
      else if (issues.value[key]) {
        const { [key]: _gone, ...rest } = issues.value;
        issues.value = rest;
      }
    },
    any: () => Object.keys(issues.value).length > 0,
  };
}
