// README's Layout table is where a newcomer learns what each folder of src-main/ is for; a folder
// added without a row there is a folder nobody explains.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');

/** The `## Layout` section of README.md, up to the next heading. */
function layoutSection(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return /^## Layout\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? '';
}

describe("README's Layout table", () => {
  it('has a row for every src-main/ folder', () => {
    const folders = readdirSync(join(root, 'src-main'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const rows = layoutSection()
      .split('\n')
      .filter((line) => line.startsWith('|'));
    expect(folders.filter((f) => !rows.some((row) => row.includes(`\`src-main/${f}/\``)))).toEqual([]);
  });

  it('names test/sim/CONTRACT.md as the account of the DashScope API', () => {
    expect(layoutSection()).toContain('test/sim/CONTRACT.md');
  });
});
