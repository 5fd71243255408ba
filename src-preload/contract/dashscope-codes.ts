/**
 * Every error code the DashScope client (src-main/dashscope/) can hand to its callers; they cross
 * IPC unchanged. The UI translates by exact code, so this list is the contract between the client
 * and the i18n tables (src-renderer/src/i18n/errors/dashscope.i18n.ts); a unit test keeps them in step.
 */

/** Codes the DashScope service itself returns (test/sim/CONTRACT.md §4.2 and task-level codes in §6). */
export const DASHSCOPE_SERVER_ERROR_CODES = [
  'InvalidParameter',
  'DataInspectionFailed',
  'InvalidParameter.DataInspection',
  'BadRequest.EmptyInput',
  'BadRequest.EmptyParameters',
  'BadRequest.EmptyModel',
  'BadRequest.IllegalInput',
  'InvalidURL',
  'InvalidFile.Resolution',
  'BadRequest.InputDownloadFailed',
  'Arrearage',
  'UnsupportedOperation',
  'InvalidApiKey',
  'NOT AUTHORIZED',
  'AccessDenied',
  'AccessDenied.Unpurchased',
  'Model.AccessDenied',
  'Workspace.AccessDenied',
  'AllocationQuota.FreeTierOnly',
  'ModelNotFound',
  'WorkSpaceNotFound',
  'NotFound',
  'RequestTimeOut',
  'Throttling',
  'Throttling.RateQuota',
  'Throttling.BurstRate',
  'Throttling.AllocationQuota',
  'CommodityNotPurchased',
  'PrepaidBillOverdue',
  'PostpaidBillOverdue',
  'InternalError',
  'InternalError.Algo',
  'InternalError.Timeout',
  'SystemError',
  'InternalError.Upload',
  'ModelUnavailable',
] as const;

/**
 * Codes from the OSS upload host (temporary upload, test/sim/CONTRACT.md §1.2). Prefixed because OSS
 * reuses names like `AccessDenied` with a different meaning than DashScope's.
 */
export const OSS_ERROR_CODES = [
  'Oss.PolicyExpired',
  'Oss.AccessDenied',
  'Oss.EntityTooLarge',
  'Oss.FileAlreadyExists',
  'Oss.SignatureDoesNotMatch',
  'Oss.InvalidArgument',
  'Oss.UnrecognizedError',
] as const;

/** Failures the client detects itself, with no code from any server. */
export const CLIENT_ERROR_CODES = [
  'Client.NetworkError',
  'Client.Timeout',
  'Client.BadResponse',
  'Client.UnrecognizedError',
  'Client.ReconcileFailed',
  'Client.Aborted',
  'Client.WaitTimeout',
  'Client.MissingApiKey',
] as const;

export const DASHSCOPE_ERROR_CODES = [
  ...DASHSCOPE_SERVER_ERROR_CODES,
  ...OSS_ERROR_CODES,
  ...CLIENT_ERROR_CODES,
] as const;

export type DashScopeServerErrorCode = (typeof DASHSCOPE_SERVER_ERROR_CODES)[number];
export type OssErrorCode = (typeof OSS_ERROR_CODES)[number];
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type DashScopeErrorCode = (typeof DASHSCOPE_ERROR_CODES)[number];
