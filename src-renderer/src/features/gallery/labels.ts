import { SKETCH_STYLES, type SketchStyle } from '../../../../src-preload/contract/domain';

export { styleLabelKey } from '../../i18n/style-labels';
export const STYLES: readonly SketchStyle[] = SKETCH_STYLES;
