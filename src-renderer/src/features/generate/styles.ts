import type { SketchStyle } from '../../../../src-preload/contract/domain/generation';

/** The i18n key (generate.style.*) of each style the model accepts. */
export const STYLE_KEYS: Record<SketchStyle, string> = {
  '<auto>': 'auto',
  '<3d cartoon>': 'cartoon3d',
  '<anime>': 'anime',
  '<oil painting>': 'oil',
  '<watercolor>': 'watercolor',
  '<sketch>': 'sketch',
  '<chinese painting>': 'chinese',
  '<flat illustration>': 'flat',
};
