import type { SketchStyle } from '../../../../src-preload/contract/domain';

const STYLE_KEY: Record<SketchStyle, string> = {
  '<auto>': 'auto',
  '<3d cartoon>': 'cartoon3d',
  '<anime>': 'anime',
  '<oil painting>': 'oil',
  '<watercolor>': 'watercolor',
  '<sketch>': 'sketch',
  '<chinese painting>': 'chinese',
  '<flat illustration>': 'flat',
};

/** The key under `gallery.style.*` of a style (vue-i18n paths cannot hold `<` or spaces). */
export const styleKey = (style: SketchStyle): string => STYLE_KEY[style];
export const STYLES = Object.keys(STYLE_KEY) as SketchStyle[];
