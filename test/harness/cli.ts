// `npm run harness`: serves the built renderer with the real services for a manual look in a
// plain browser. Open the printed URL (it carries the session token): the page loads its bridge
// from the server itself. Loopback only (127.0.0.1). The e2e fixture injects the same script.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initScriptFor } from './init-script';
import { buildOutDir } from './out-dir';
import { startHarnessServer } from './server';
import { startHarnessSimulators } from './simulators';

async function main() {
  // Without a build every page would be a 404 behind a URL that looks fine.
  const index = join(buildOutDir(), 'renderer', 'index.html');
  if (!existsSync(index)) {
    console.error(`No built renderer (${index} is missing): run \`npm run build\` first, then \`npm run harness\`.`);
    process.exit(1);
  }
  const dataDir = process.env.WSS_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'wss-harness-'));
  const port = Number(process.env.PORT ?? 4173);
  const sims = await startHarnessSimulators(Number(process.env.SIM_SPEED ?? 10));
  const harness = await startHarnessServer({ dataDir, port, regionUrls: sims.regionUrls, bootstrap: true });
  const scriptPath = join(dataDir, 'harness-init.js');
  writeFileSync(scriptPath, await initScriptFor(harness.token, harness.url));
  // The init script only builds window.api on this exact origin (127.0.0.1, not localhost).
  console.log(
    `open in a browser: ${harness.bootstrapUrl}\ndata: ${dataDir}\ninit script (for other tools): ${scriptPath}`,
  );
  console.log(`DashScope simulator (Beijing): ${sims.beijing.baseUrl}  key: ${sims.beijing.apiKey}`);
  process.on('SIGINT', () => void Promise.all([harness.close(), sims.close()]).then(() => process.exit(0)));
}

void main();
