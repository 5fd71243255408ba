/** What a service asks of a save-as dialog; the shell shows Electron's, the harness answers from a script. */
export interface SaveDialogRequest {
  /** Suggested file name (no folder: the dialog starts where the OS last saved). */
  readonly defaultName: string;
  readonly filters: readonly { readonly name: string; readonly extensions: readonly string[] }[];
}

/** The chosen absolute path, or null when the user canceled. */
export type ShowSaveDialog = (request: SaveDialogRequest) => Promise<string | null>;

/**
 * A yes/no question main asks itself before a secret goes somewhere the user has not put it
 * yet, worded by main (src-main/secrets/confirm-text.ts): the renderer can neither word nor
 * answer it. The shell shows a message box; the harness answers from a script.
 */
export interface ConfirmRequest {
  readonly title: string;
  readonly message: string;
  /** Names the destination: the origin the secret would be sent to. */
  readonly detail: string;
  readonly confirmLabel: string;
  readonly cancelLabel: string;
}

/** True only when the user chose `confirmLabel`; closing the dialog counts as no. */
export type ShowConfirm = (request: ConfirmRequest) => Promise<boolean>;
