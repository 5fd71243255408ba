import type { SketchStyle } from '../../../../src-preload/contract/domain/generation';

/** The i18n key (generate.style.*) of each style the model accepts. */
const STYLE_KEYS: Record<SketchStyle, string> = {
  '<auto>': 'auto',
  '<3d cartoon>': 'cartoon3d',
  '<anime>': 'anime',
  '<oil painting>': 'oil',
  '<watercolor>': 'watercolor',
  '<sketch>': 'sketch',
  '<chinese painting>': 'chinese',
  '<flat illustration>': 'flat',
};

/** The i18n key of a style's name, the one every view (Generate, Queue, Gallery) shows. */
export const styleLabelKey = (style: SketchStyle): string => `generate.style.${STYLE_KEYS[style]}`;
