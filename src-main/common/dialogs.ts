/** What a service asks of a save-as dialog; the shell shows Electron's, the harness answers from a script. */
export interface SaveDialogRequest {
  /** Suggested file name (no folder: the dialog starts where the OS last saved). */
  readonly defaultName: string;
  readonly filters: readonly { readonly name: string; readonly extensions: readonly string[] }[];
}

/** The chosen absolute path, or null when the user canceled. */
export type ShowSaveDialog = (request: SaveDialogRequest) => Promise<string | null>;
