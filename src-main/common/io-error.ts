/**
 * File-system errors in words a person may see, without the paths Node puts in them
 * ("ENOENT: no such file or directory, open '/home/…/meta.json'" names the user's folders and
 * files). Error text that crosses IPC, or lands in a list the renderer shows, goes through here.
 */

// Node's format: `CODE: description, syscall 'path'` with an optional ` -> 'dest'` (rename, link…).
// Node does not escape quotes inside the path, so a path runs to a quote that ends the text or
// is followed by a space or punctuation.
const QUOTED_PATH = String.raw`'[^\n]*?'(?=$|[\s.,;:)\]])`;
const NODE_FS_ERROR = new RegExp(
  String.raw`\b(E[A-Z0-9]+): ([^,'\n]+?), ([a-z_]+)(?: ${QUOTED_PATH})?(?: -> ${QUOTED_PATH})?`,
  'g',
);

/** Replaces every Node file-system error fragment in `text` by `description (CODE)`. */
export function withoutFsPaths(text: string): string {
  return text.replace(NODE_FS_ERROR, (_all, code: string, description: string) => `${description} (${code})`);
}

/** A path-free description of what went wrong: `no such file or directory (ENOENT)`. */
export function ioErrorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    const text = withoutFsPaths(e.message);
    // An errno error whose message is not in Node's usual form: keep only the code.
    if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && !text.includes(`(${code})`)) return code;
    return text;
  }
  return withoutFsPaths(String(e));
}

/** The message of whatever was thrown, as it is (paths and all: for logs and main-side texts). */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
