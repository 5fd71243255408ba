/**
 * Synthetic drawings shaped like what the pencil produces: smoothed quadratic paths of
 * 20–60 points, round caps, a few brush colours, and some eraser strokes on top.
 * Deterministic (seeded), so runs compare.
 */
export function syntheticScene(strokes: number, seed = 42): string {
  let s = seed >>> 0;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const colors = ['#111827', '#dc2626', '#2563eb', '#16a34a'];
  const objects: unknown[] = [];
  for (let i = 0; i < strokes; i++) {
    const eraser = i % 25 === 24;
    let x = 40 + rand() * 688;
    let y = 40 + rand() * 688;
    let angle = rand() * Math.PI * 2;
    const n = 20 + Math.floor(rand() * 40);
    const pts: Array<[number, number]> = [[x, y]];
    for (let k = 0; k < n; k++) {
      angle += (rand() - 0.5) * 0.6;
      x = Math.min(760, Math.max(8, x + Math.cos(angle) * 4));
      y = Math.min(760, Math.max(8, y + Math.sin(angle) * 4));
      pts.push([Math.round(x * 100) / 100, Math.round(y * 100) / 100]);
    }
    // Same shape of data as fabric's getSmoothPathFromPoints: M, Q…, L.
    const path: Array<Array<string | number>> = [['M', pts[0]![0], pts[0]![1]]];
    for (let k = 1; k < pts.length - 1; k++) {
      const [x1, y1] = pts[k]!;
      const [x2, y2] = pts[k + 1]!;
      // The app keeps committed strokes to 1/100 px (stored-path.ts), midpoints included.
      path.push(['Q', x1, y1, Math.round(((x1 + x2) / 2) * 100) / 100, Math.round(((y1 + y2) / 2) * 100) / 100]);
    }
    const last = pts[pts.length - 1]!;
    path.push(['L', last[0], last[1]]);
    const color = colors[i % colors.length]!;
    objects.push({
      type: 'Path',
      version: '7.4.0',
      path,
      fill: null,
      stroke: eraser ? '#000000' : color,
      strokeWidth: eraser ? 12 : 2 + Math.floor(rand() * 6),
      strokeLineCap: 'round',
      strokeLineJoin: 'round',
      globalCompositeOperation: eraser ? 'destination-out' : 'source-over',
      wsRole: eraser ? 'eraser' : 'ink',
      wsInk: eraser ? [] : [color],
    });
  }
  return JSON.stringify({ version: '1', app: 'wanx-sketch-studio', page: 768, objects });
}
