export { DashScopeClient } from './client';
export type { CreateTaskOptions, CreateTaskResult, DashScopeClientOptions, ListTasksQuery, RequestOptions, TaskListPage } from './client';
export { AdaptivePoller } from './poller';
export type { AdaptivePollerOptions, TaskGetter, WaitOptions } from './poller';
export { RunTimeModel, DEFAULT_RUN_TIME_MODEL } from './runtime-model';
export type { RunTimeModelOptions } from './runtime-model';
export { PollPlan, DEFAULT_POLL_PLAN } from './poll-plan';
export type { PollPlanOptions } from './poll-plan';
export { DashScopeError, isDashScopeError } from './errors';
export type { RequestOutcome } from './errors';
export {
  CLIENT_ERROR_CODES,
  DASHSCOPE_ERROR_CODES,
  DASHSCOPE_SERVER_ERROR_CODES,
  OSS_ERROR_CODES,
  isRetryableCode,
} from './codes';
export type { DashScopeErrorCode } from './codes';
export { DEFAULT_ENDPOINT, REGION_BASE_URLS, SKETCH_MODEL, resolveBaseUrl } from './endpoints';
export type { DashScopeEndpoint, DashScopeRegion } from './endpoints';
export { PROMPT_MAX_CHARS, SKETCH_STYLES } from './params';
export type { CreateTaskInput, Rgb, SketchStyle } from './params';
export type { UploadFile, UploadPolicy } from './oss';
export { isFinal } from './task';
export type { FinalTaskSnapshot, TaskImage, TaskImageFailure, TaskListItem, TaskSnapshot } from './task';
export { FINAL_TASK_STATUSES, TASK_STATUSES } from './wire';
export type { TaskStatus } from './wire';
export { DEFAULT_RETRY_POLICY } from './retry';
export type { RetryPolicy } from './retry';
