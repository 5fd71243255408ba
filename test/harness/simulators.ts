import type { RegionUrls } from '../../src-main/dashscope/endpoints';
import { startSimulator } from '../sim/server';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export interface HarnessSimulators {
  /** Stands in for Beijing, where wanx-sketch-to-image-lite lives. */
  readonly beijing: Simulator;
  /** Stands in for Singapore and the US: a different account, so a Beijing key is "wrong region" there. */
  readonly international: Simulator;
  readonly regionUrls: RegionUrls;
  close(): Promise<void>;
}

/** Two DashScope simulators on loopback, fast enough for UI tests (27 s runs take ~0.3 s at speed 100). */
export async function startHarnessSimulators(speed = 100): Promise<HarnessSimulators> {
  const beijing = await startSimulator({ speed });
  const international = await startSimulator({
    speed,
    accounts: [{ id: 'intl-account', keys: [{ key: 'sk-intl-harness-0000000000000000' }] }],
  });
  return {
    beijing,
    international,
    regionUrls: {
      'cn-beijing': beijing.baseUrl,
      'ap-southeast-1': international.baseUrl,
      'us-east-1': international.baseUrl,
    },
    async close() {
      await Promise.all([beijing.close(), international.close()]);
    },
  };
}
