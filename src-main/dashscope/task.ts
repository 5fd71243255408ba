import { isServerErrorCode } from './codes';
import type { DashScopeErrorCode } from '../../src-preload/contract/dashscope-codes';
import { parseTaskTime } from './time';
import type { ListItemWire, TaskResponseWire, TaskStatus } from './wire';

/** A server time as sent (`2024-11-01 09:50:56.081`) and as epoch ms under the assumed zone. */
export interface ServerTime {
  text: string;
  epochMs: number | undefined;
}

export interface TaskMetrics {
  total: number;
  succeeded: number;
  failed: number;
}

export interface TaskImage {
  /** Position in `results[]`, so images keep their slot next to failed siblings. */
  index: number;
  url: string;
}

export interface TaskImageFailure {
  index: number;
  code: DashScopeErrorCode;
  serverCode: string;
  message: string;
}

interface TaskBase {
  taskId: string;
  requestId: string;
  submitTime?: ServerTime | undefined;
  scheduledTime?: ServerTime | undefined;
  endTime?: ServerTime | undefined;
  metrics?: TaskMetrics | undefined;
}

/** One query's view of a task; each status carries only the fields that status can have. */
export type TaskSnapshot =
  | (TaskBase & { status: 'PENDING' | 'RUNNING' | 'SUSPENDED' })
  | (TaskBase & {
      status: 'SUCCEEDED';
      images: TaskImage[];
      failures: TaskImageFailure[];
      /** Billed images (`usage.image_count`). */
      imageCount: number;
    })
  | (TaskBase & { status: 'FAILED'; code: DashScopeErrorCode; serverCode: string; message: string })
  | (TaskBase & { status: 'CANCELED' | 'UNKNOWN' });

export type FinalTaskSnapshot = Extract<TaskSnapshot, { status: 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'UNKNOWN' }>;

export function isFinal(task: TaskSnapshot): task is FinalTaskSnapshot {
  return (
    task.status === 'SUCCEEDED' || task.status === 'FAILED' || task.status === 'CANCELED' || task.status === 'UNKNOWN'
  );
}

function toCode(raw: string): DashScopeErrorCode {
  return isServerErrorCode(raw) ? raw : 'Client.UnrecognizedError';
}

function time(text: string | undefined, offsetMinutes: number): ServerTime | undefined {
  return text === undefined ? undefined : { text, epochMs: parseTaskTime(text, offsetMinutes) };
}

export function toTaskSnapshot(wire: TaskResponseWire, offsetMinutes: number): TaskSnapshot {
  const o = wire.output;
  const base: TaskBase = {
    taskId: o.task_id,
    requestId: wire.request_id,
    submitTime: time(o.submit_time, offsetMinutes),
    scheduledTime: time(o.scheduled_time, offsetMinutes),
    endTime: time(o.end_time, offsetMinutes),
    metrics: o.task_metrics && {
      total: o.task_metrics.TOTAL,
      succeeded: o.task_metrics.SUCCEEDED,
      failed: o.task_metrics.FAILED,
    },
  };
  switch (o.task_status) {
    case 'SUCCEEDED': {
      const images: TaskImage[] = [];
      const failures: TaskImageFailure[] = [];
      (o.results ?? []).forEach((r, index) => {
        if ('url' in r) images.push({ index, url: r.url });
        else failures.push({ index, code: toCode(r.code), serverCode: r.code, message: r.message });
      });
      return { ...base, status: 'SUCCEEDED', images, failures, imageCount: wire.usage?.image_count ?? images.length };
    }
    case 'FAILED': {
      const serverCode = o.code ?? 'InternalError';
      return { ...base, status: 'FAILED', code: toCode(serverCode), serverCode, message: o.message ?? '' };
    }
    default:
      return { ...base, status: o.task_status };
  }
}

export interface TaskListItem {
  taskId: string;
  status: TaskStatus;
  modelName: string | undefined;
  /** Epoch ms, as the list API sends them. */
  createdAt: number;
  startedAt: number | undefined;
  endedAt: number | undefined;
  requestId: string | undefined;
  apiKeyId: string | undefined;
  region: string | undefined;
  code: string | undefined;
  message: string | undefined;
}

export function toListItem(w: ListItemWire): TaskListItem {
  return {
    taskId: w.task_id,
    status: w.status,
    modelName: w.model_name,
    createdAt: w.gmt_create,
    startedAt: w.start_time,
    endedAt: w.end_time,
    requestId: w.request_id,
    apiKeyId: w.api_key_id === undefined ? undefined : String(w.api_key_id),
    region: w.region,
    code: w.code,
    message: w.message,
  };
}
