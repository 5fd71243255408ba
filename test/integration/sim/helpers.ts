import { startSimulator } from '../../sim';
import type { Simulator, SimulatorOptions } from '../../sim';
import { makeSketch, startFileServer } from '../../sim/fixtures';
import type { FileServer } from '../../sim/fixtures';

/** Raw-HTTP helpers: simulator tests assert the wire, so they do not go through the client. */

export const CREATE_PATH = '/services/aigc/image2image/image-synthesis';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const TASK_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

export interface Env {
  sim: Simulator;
  files: FileServer;
  sketchUrl: string;
  close(): Promise<void>;
}

export async function setup(options: SimulatorOptions = {}): Promise<Env> {
  const sim = await startSimulator({ clock: 'manual', ...options });
  const files = await startFileServer();
  files.put('/sketch.png', await makeSketch({}));
  return {
    sim,
    files,
    sketchUrl: files.url('/sketch.png'),
    close: async () => {
      await sim.close();
      await files.close();
    },
  };
}

export interface Raw {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

export async function raw(url: string, init: RequestInit = {}): Promise<Raw> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function createBody(
  over: { model?: unknown; input?: Record<string, unknown>; parameters?: Record<string, unknown> } = {},
  sketchUrl = 'http://127.0.0.1:1/x.png',
): string {
  return JSON.stringify({
    model: over.model ?? 'wanx-sketch-to-image-lite',
    parameters: over.parameters ?? {},
    input: over.input ?? { prompt: 'a tree', sketch_image_url: sketchUrl },
  });
}

export function post(env: Env, body: string, headers: Record<string, string> = {}, path = CREATE_PATH): Promise<Raw> {
  return raw(`${env.sim.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${env.sim.apiKey}`,
      'X-DashScope-Async': 'enable',
      'Content-Type': 'application/json',
      ...headers,
    },
    body,
  });
}

export async function createTask(
  env: Env,
  parameters: Record<string, unknown> = {},
  sketchUrl = env.sketchUrl,
): Promise<string> {
  const r = await post(env, createBody({ parameters }, sketchUrl));
  if (r.status !== 200) throw new Error(`create failed: ${r.status} ${r.text}`);
  return (r.json.output as { task_id: string }).task_id;
}

export function getTask(env: Env, id: string, key = env.sim.apiKey): Promise<Raw> {
  return raw(`${env.sim.baseUrl}/tasks/${id}`, { headers: { Authorization: `Bearer ${key}` } });
}

export function output(r: Raw): Record<string, unknown> {
  return r.json.output as Record<string, unknown>;
}

export { makeSketch };
