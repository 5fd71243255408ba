import { parseArgs } from 'node:util';
import { DEFAULT_API_KEY, DEFAULT_WORKSPACE } from './options';
import type { SimAccount } from './options';
import { startSimulator } from './server';

/**
 * `npm run sim -- [--port 8089] [--oss-port 0] [--key sk-…]… [--workspace llm-…] [--speed 10]
 *                 [--clock real|manual] [--seed 1] [--allow-remote-sketch-urls] [--prerender-results]
 *                 [--server-clock-offset-ms N] [--list-utc-offset-minutes N] [--list-lag-ms N]`
 * Environment fallbacks: DASHSCOPE_SIM_PORT, DASHSCOPE_SIM_API_KEY, DASHSCOPE_SIM_WORKSPACE,
 * DASHSCOPE_SIM_SPEED. Stop with Ctrl-C. Control endpoints live under <origin>/__sim/.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'oss-port': { type: 'string' },
    key: { type: 'string', multiple: true },
    workspace: { type: 'string' },
    speed: { type: 'string' },
    clock: { type: 'string' },
    seed: { type: 'string' },
    'allow-remote-sketch-urls': { type: 'boolean' },
    'prerender-results': { type: 'boolean' },
    'server-clock-offset-ms': { type: 'string' },
    'list-utc-offset-minutes': { type: 'string' },
    'list-lag-ms': { type: 'string' },
    help: { type: 'boolean' },
  },
});

if (values.help) {
  console.log(
    'usage: npm run sim -- [--port N] [--oss-port N] [--key sk-…]… [--workspace ID] [--speed F] [--clock real|manual] [--seed N] [--allow-remote-sketch-urls] [--prerender-results] [--server-clock-offset-ms N] [--list-utc-offset-minutes N] [--list-lag-ms N]',
  );
  process.exit(0);
}

const env = process.env;
const num = (v: string | undefined, fallback: number) => (v === undefined || v === '' ? fallback : Number(v));
const keys = values.key ?? (env.DASHSCOPE_SIM_API_KEY ? [env.DASHSCOPE_SIM_API_KEY] : [DEFAULT_API_KEY]);
const workspace = values.workspace ?? env.DASHSCOPE_SIM_WORKSPACE ?? DEFAULT_WORKSPACE;
const clockArg = values.clock ?? 'real';
if (clockArg !== 'real' && clockArg !== 'manual') throw new Error('--clock must be real or manual');
const clock: 'real' | 'manual' = clockArg;
const account: SimAccount = {
  id: '1000000000000001',
  keys: keys.map((key, i) => ({ key, id: String(150001 + i), kind: 'main' })),
  workspaces: [workspace],
};

async function main(): Promise<void> {
  const sim = await startSimulator({
    port: num(values.port ?? env.DASHSCOPE_SIM_PORT, 8089),
    ossPort: num(values['oss-port'], 0),
    accounts: [account],
    speed: num(values.speed ?? env.DASHSCOPE_SIM_SPEED, 1),
    clock,
    seed: values.seed === undefined ? undefined : Number(values.seed),
    allowRemoteSketchUrls: values['allow-remote-sketch-urls'] ?? false,
    prerenderResults: values['prerender-results'] ?? false,
    serverClockOffsetMs: num(values['server-clock-offset-ms'], 0),
    listUtcOffsetMinutes:
      values['list-utc-offset-minutes'] === undefined ? undefined : Number(values['list-utc-offset-minutes']),
    listLagMs: num(values['list-lag-ms'], 0),
  });

  // These are simulator fixtures, not real credentials: printing them is how you configure the app.
  console.log(`DashScope simulator listening
  base URL:     ${sim.baseUrl}
  upload host:  ${sim.uploadHost}
  API key(s):   ${keys.join(', ')}
  workspace:    ${workspace}
  speed:        ${sim.speed}x   clock: ${clock}
  controls:     ${sim.origin}/__sim/state`);

  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
