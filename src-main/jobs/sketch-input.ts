import { AppFailure } from '../../src-preload/contract/result';
import { inspectSketch } from '../storage/image-limits';
import type { SketchMeta } from '../storage/types';

/**
 * The sketch as enqueue receives it (a PNG data URL, already shape-checked by the contract):
 * decoded and held to the API's limits, or `jobs.badSketch` with what is wrong and the numbers.
 */
export function decodeSketch(dataUrl: string): { bytes: Uint8Array; meta: SketchMeta } {
  const comma = dataUrl.indexOf(',');
  const bytes = new Uint8Array(Buffer.from(dataUrl.slice(comma + 1), 'base64'));
  let meta: SketchMeta;
  try {
    meta = inspectSketch(bytes);
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    const problem = e.code.replace(/^storage\.image\./, '');
    throw new AppFailure('jobs.badSketch', e.message, { problem, ...(e.params ?? {}) });
  }
  if (meta.format !== 'png') {
    throw new AppFailure('jobs.badSketch', 'The sketch must be a PNG.', { problem: 'format', format: meta.format });
  }
  return { bytes, meta };
}
