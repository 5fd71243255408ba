// `npm run harness`: serves the built renderer with the real services for a manual look in a
// browser. Prints the URL and the init script path; paste the script into the devtools console
// before the app loads, or use the e2e fixture, which injects it automatically.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initScriptFor } from './init-script';
import { startHarnessServer } from './server';

async function main() {
  const dataDir = process.env.WSS_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'wss-harness-'));
  const port = Number(process.env.PORT ?? 4173);
  const harness = await startHarnessServer({ dataDir, port });
  const scriptPath = join(dataDir, 'harness-init.js');
  writeFileSync(scriptPath, await initScriptFor(harness.token));
  console.log(`harness: ${harness.url}\ndata: ${dataDir}\ninit script: ${scriptPath}`);
  process.on('SIGINT', () => void harness.close().then(() => process.exit(0)));
}

void main();
