import type { SketchStyle } from '../../../../src-preload/contract/domain';
import { STYLE_KEYS } from '../generate/styles';

/** The i18n key of a style's name: the Generate panel's own (`generate.style.*`), so both say the same. */
export const styleLabelKey = (style: SketchStyle): string => `generate.style.${STYLE_KEYS[style]}`;
export const STYLES = Object.keys(STYLE_KEYS) as SketchStyle[];
