import { Canvas, type FabricObject } from 'fabric';
import { renderObjectsFast } from './fast-render';
import { PrefixCache } from './prefix-cache';

/**
 * fabric's canvas with our batched renderer in place of its per-object loop, over a cached
 * bitmap of all but the newest objects (see PrefixCache).
 */
export class PageCanvas extends Canvas {
  private readonly prefixCache = new PrefixCache(() => this.getObjects());

  override _renderObjects(ctx: CanvasRenderingContext2D, objects: FabricObject[]): void {
    // Only the main (lower) canvas is cached; anything else fabric renders (e.g. toCanvasElement) is drawn directly.
    if (ctx === this.contextContainer) this.prefixCache.render(ctx, objects);
    else renderObjectsFast(ctx, objects);
  }

  /** fabric would draw handles inside the page clip; the controller draws them after it (see after:render). */
  override drawControls(): void {}
}
