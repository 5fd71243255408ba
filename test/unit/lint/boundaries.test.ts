import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const BOUNDARY = '@typescript-eslint/no-restricted-imports';

describe('process boundaries are enforced by lint', () => {
  it('the renderer cannot import electron, node built-ins or main-process code', async () => {
    for (const line of [
      "import { ipcRenderer } from 'electron';",
      "import { readFileSync } from 'node:fs';",
      "import { join } from 'path';",
      "import { createServices } from '../../src-main/services';",
      "import { channels } from '../../src-preload/contract';",
      "import { SettingsSchema } from '../../src-preload/contract/settings';",
    ]) {
      expect(await ruleIds(`${line}\nexport const x = 1;\n`, 'src-renderer/src/probe.ts'), line).toContain(BOUNDARY);
    }
  });

  it('the renderer may import contract types', async () => {
    const ids = await ruleIds(
      "import type { Api } from '../../src-preload/contract';\nexport type A = Api;\n",
      'src-renderer/src/probe.ts',
    );
    expect(ids).not.toContain(BOUNDARY);
  });

  it('the renderer may import domain values, the schemas main validates with', async () => {
    for (const line of [
      "import { PROMPT_MAX_CHARS } from '../../src-preload/contract/domain/generation';",
      "import { GenerationParamsSchema } from '../../src-preload/contract/domain';",
    ]) {
      expect(await ruleIds(`${line}\nexport const x = 1;\n`, 'src-renderer/src/probe.ts'), line).not.toContain(
        BOUNDARY,
      );
    }
  });

  it('services outside src-main/app cannot import electron; the shell can', async () => {
    const code = "import { app } from 'electron';\nexport const name = app.getName();\n";
    expect(await ruleIds(code, 'src-main/settings/probe.ts')).toContain(BOUNDARY);
    expect(await ruleIds(code, 'src-main/app/probe.ts')).not.toContain(BOUNDARY);
  });
});
