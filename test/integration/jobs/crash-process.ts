// Parent side of the crash child: spawn, read its lines, send commands, SIGKILL it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../sim';
import type { CrashChildConfig, CrashChildReport } from './crash-child';

const CHILD = join(__dirname, 'crash-child.ts');
const ROOT = join(__dirname, '..', '..', '..');
let bundle: string | null = null;

/**
 * Bundles the child once with esbuild (node_modules stay outside, found through NODE_PATH): a
 * plain `node child.cjs` starts several times faster than through a TypeScript loader, and the
 * crash test starts it many times. Without it, `start` runs the source with tsx.
 */
export async function bundleCrashChild(dir: string): Promise<void> {
  const out = join(dir, 'crash-child.cjs');
  await build({
    entryPoints: [CHILD],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outfile: out,
    logLevel: 'silent',
    // The harness finds the repository from its own folder.
    define: { __dirname: JSON.stringify(join(ROOT, 'test', 'harness')) },
  });
  bundle = out;
}

/** A crash test's fixed parts: a simulator on real time (the child and this process share it) and a work folder holding the bundled child. */
export async function openCrashBench(
  prefix: string,
  options: Omit<SimulatorOptions, 'clock'>,
): Promise<{ sim: Simulator; work: string }> {
  const sim = await startSimulator({ ...options, clock: 'real' });
  const work = mkdtempSync(join(tmpdir(), prefix));
  await bundleCrashChild(work);
  return { sim, work };
}

export async function closeCrashBench(sim: Simulator | undefined, work: string | undefined): Promise<void> {
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
}

/**
 * Blocks this process until `test` holds, then SIGKILLs the child at once. Synchronous on purpose:
 * a gallery write takes milliseconds, and no timer or I/O callback may come between the sight
 * and the kill. Only for moments when the child needs nothing from the simulator (it shares our loop).
 */
export function killWhenSync(child: CrashChild, test: () => boolean, limitMs: number): boolean {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (test()) {
      process.kill(child.pid, 'SIGKILL');
      return true;
    }
  }
  return false;
}

/** What a clean restart on the same folder reports once it has had `ms` (real time) to act: nothing new may be sent or counted. */
export async function reportAfterCleanRestart(config: CrashChildConfig, ms: number): Promise<CrashChildReport> {
  const child = await CrashChild.start(config);
  try {
    await new Promise((r) => setTimeout(r, ms));
    const report = await child.report();
    await child.exit();
    return report;
  } finally {
    if (child.alive) await child.kill();
  }
}

export type JobRow = [id: string, state: string, taskId: string | null];

export class CrashChild {
  /** Every line the child wrote, in order. */
  readonly lines: string[] = [];
  /** The latest `jobs.changed` the child saw. */
  jobs: JobRow[] = [];
  private waiters: { test: () => boolean; resolve: () => void }[] = [];
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';

  private constructor(private readonly proc: ChildProcess) {
    let buffer = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const line of parts) {
        this.lines.push(line);
        if (line.startsWith('jobs ')) this.jobs = JSON.parse(line.slice(5)) as JobRow[];
      }
      this.wake();
    });
    proc.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
      if (process.env.JOBS_CRASH_DEBUG) process.stderr.write(chunk);
    });
    this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => this.wake());
  }

  /** Starts the services in a child process and waits until they have started. */
  static async start(config: CrashChildConfig): Promise<CrashChild> {
    // node itself (with tsx as a loader when not bundled): the tsx CLI would run the script in a grandchild the kill misses.
    const args = bundle ? [bundle] : ['--import', 'tsx', CHILD];
    const proc = spawn(process.execPath, [...args, JSON.stringify(config)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: '', NODE_PATH: join(ROOT, 'node_modules') },
    });
    const child = new CrashChild(proc);
    await child.waitFor(() => child.lines.includes('ready'), 'ready', 30_000);
    return child;
  }

  get pid(): number {
    return this.proc.pid!;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  send(command: string): void {
    this.proc.stdin!.write(`${command}\n`);
  }

  async enqueue(tag: string): Promise<string> {
    const at = this.lines.length;
    this.send(`enqueue ${tag}`);
    let id = '';
    await this.waitFor(() => {
      const line = this.lines.slice(at).find((l) => l.startsWith(`enqueued ${tag} `));
      if (line) id = line.split(' ')[2]!;
      return Boolean(line);
    }, `enqueue ${tag}`);
    return id;
  }

  async report(): Promise<CrashChildReport> {
    const at = this.lines.length;
    this.send('report');
    let report: CrashChildReport | undefined;
    await this.waitFor(() => {
      const line = this.lines.slice(at).find((l) => l.startsWith('report '));
      if (line) report = JSON.parse(line.slice(7)) as CrashChildReport;
      return Boolean(line);
    }, 'report');
    return report!;
  }

  /** Resolves when `test` holds (checked on every line and every 5 ms); rejects when the child dies or time runs out. */
  waitFor(test: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        clearInterval(tick);
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        if (error) reject(error);
        else resolve();
      };
      const waiter = {
        test: () => {
          if (test()) return true;
          if (!this.alive) throw new Error(`child ended while waiting for ${what}: ${this.tail()}`);
          return false;
        },
        resolve: () => done(),
      };
      const check = () => {
        try {
          if (waiter.test()) done();
        } catch (e) {
          done(e as Error);
        }
      };
      const tick = setInterval(check, 5);
      const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}: ${this.tail()}`)), timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) {
      try {
        if (w.test()) w.resolve();
      } catch {
        /* the interval reports it */
      }
    }
  }

  private tail(): string {
    return `last lines ${JSON.stringify(this.lines.slice(-5))}; stderr ${this.stderr.slice(-1500)}`;
  }

  /** SIGKILL, now (synchronously), then wait for the exit. */
  async kill(): Promise<void> {
    if (this.alive) process.kill(this.pid, 'SIGKILL');
    const { signal } = await this.exited;
    if (signal !== 'SIGKILL' && signal !== null) throw new Error(`child ended by ${signal}`);
  }

  /** A clean stop through services.shutdown(). */
  async exit(): Promise<void> {
    this.send('exit');
    const { code } = await this.exited;
    if (code !== 0) throw new Error(`child exited with ${code}: ${this.tail()}`);
  }
}
