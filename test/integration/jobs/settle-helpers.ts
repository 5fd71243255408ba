// Faults and readings for the "exactly one paid task per job" tests (issue 15): what the bill
// says (the simulator's tasks and their billed images) against what the user got (the gallery).
import { makeSketch, startFileServer } from '../../sim/fixtures';
import { createBody, CREATE_PATH } from '../sim/helpers';
import type { JobsEnv, QueueApp } from './helpers';

/** Billed images per simulator task (SUCCEEDED → usage.image_count), read through the task API. */
export async function billedImages(env: JobsEnv, apiKey = env.sim.apiKey): Promise<number> {
  let sum = 0;
  for (const id of env.sim.tasks.ids()) {
    const res = await fetch(`${env.sim.baseUrl}/tasks/${id}`, { headers: { Authorization: `Bearer ${apiKey}` } });
    const body = (await res.json()) as { output: { task_status: string }; usage?: { image_count: number } };
    if (body.output.task_status === 'SUCCEEDED') sum += body.usage?.image_count ?? 0;
  }
  return sum;
}

/** Task statuses as the API reports them now. */
export async function taskStatuses(env: JobsEnv): Promise<string[]> {
  const out: string[] = [];
  for (const id of env.sim.tasks.ids()) {
    const res = await fetch(`${env.sim.baseUrl}/tasks/${id}`, {
      headers: { Authorization: `Bearer ${env.sim.apiKey}` },
    });
    out.push(((await res.json()) as { output: { task_status: string } }).output.task_status);
  }
  return out;
}

/** Images the user has in the gallery (ok ones), and the entries' task ids. */
export async function galleryImages(app: QueueApp): Promise<{ images: number; taskIds: string[] }> {
  const page = await app.call<{ entries: { taskId: string; images: { status: string }[] }[] }>('gallery.list', {
    limit: 200,
  });
  return {
    images: page.entries.reduce((s, e) => s + e.images.filter((i) => i.status === 'ok').length, 0),
    taskIds: page.entries.map((e) => e.taskId),
  };
}

/** A task made outside the app (another device, a script, another key of the account). */
export async function outsideTask(
  env: JobsEnv,
  o: { apiKey?: string; prompt?: string; runMs?: number } = {},
): Promise<string> {
  if (o.runMs !== undefined) env.sim.runTimes.enqueue(o.runMs);
  const files = await startFileServer();
  files.put('/sketch.png', await makeSketch({}));
  try {
    const res = await fetch(`${env.sim.baseUrl}${CREATE_PATH}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${o.apiKey ?? env.sim.apiKey}`,
        'X-DashScope-Async': 'enable',
        'Content-Type': 'application/json',
      },
      body: createBody({ input: { prompt: o.prompt ?? 'somebody else', sketch_image_url: files.url('/sketch.png') } }),
    });
    const body = (await res.json()) as { output: { task_id: string } };
    // The simulator fetches the sketch when the task is made; keep the server up until then.
    await new Promise((r) => setTimeout(r, 50));
    return body.output.task_id;
  } finally {
    await files.close();
  }
}
