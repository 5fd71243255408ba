/**
 * Exact error codes and messages the simulator answers with (CONTRACT.md §4.2, §2.3, §6).
 * Where the sources disagree (CONTRACT.md §8 q9) one variant is the default and the others stay
 * here so tests can switch to them and prove the client copes with any of them.
 */

export const MESSAGES = {
  noApiKey: 'No API-key provided.',
  invalidApiKey: 'Invalid API-key provided.',
  blockedApiKey: 'API-key is blocked.',
  notAuthorizedWorkspace:
    'Access denied: Either you are not authorized to access this workspace, or the workspace does not exist. Please:\nVerify the workspace configuration.\nCheck your API endpoint settings. Ensure you are targeting the correct environment.',
  asyncRequired: 'current user api does not support synchronous calls.',
  asyncUnsupported: 'Current user api does not support asynchronous calls.',
  modelNotExist: 'Model not exist.',
  illegalInput: 'The input parameter requires json format.',
  emptyInput: 'Required input parameter missing from request.',
  emptyParameters: 'Required parameter "parameters" missing from request.',
  emptyModel: 'Required parameter "model" missing from request.',
  ossUrlWithoutResolve: 'The provided URL does not appear to be valid. Ensure it is correctly formatted.',
  inputInspection: 'Input data may contain inappropriate content.',
  outputInspection: 'Output data may contain inappropriate content.',
  rateQuota: 'Requests rate limit exceeded, please try again later.',
  arrearage: 'Access denied, please make sure your account is in good standing.',
  cancelNotPending: 'Failed to cancel the task, please confirm if the task is in PENDING status.',
  invalidUrl:
    'The request URL is invalid, please check the request URL is available and the request image format is one of the following types: JPEG, JPG, PNG, BMP, and WEBP.',
  invalidResolution:
    'The image resolution is invalid, please make sure that the aspect ratio is smaller than 2.0, and largest length of image is smaller than 4096.',
  internalError: 'An internal error has occured, please try again later or contact service support.',
  internalTimeout:
    'An internal timeout error has occured during execution, please try again later or contact service support.',
  modelUnavailable: 'Model is unavailable, try again later.',
  notFound: 'Not found!',
  listRangeTooLong: 'The time range between start_time and end_time must not exceed 24 hours.',
} as const;

/** The other spellings seen in docs or live traffic (CONTRACT.md §8 q9). */
export const MESSAGE_VARIANTS = {
  rateQuota: [
    'Requests rate limit exceeded, try again later.',
    'You have exceeded your request limit.',
    'You exceeded your current requests list.',
  ],
  arrearage: ['Access denied, plesase make sure your account is in good standing.'],
  asyncRequired: ['current user api does not support synchronous calls'],
  invalidApiKey: ['Incorrect API key provided.'],
} as const;

export type InvalidParameterStyle = 'named' | 'legacy';

/** `InvalidParameter`'s message: the current page names the field, the old table does not. */
export function invalidParameter(field: string, style: InvalidParameterStyle): string {
  return style === 'named'
    ? `Required parameter(${field}) missing or invalid, please check the request parameters.`
    : 'Required parameter(s) missing or invalid, please check the request parameters.';
}

/** OSS (PostObject) error messages, from the OSS docs (CONTRACT.md §1.2). */
export const OSS_MESSAGES = {
  policyExpired: 'Invalid according to Policy: Policy expired.',
  policyCondition: (cond: string) => `Invalid according to Policy: Policy Condition failed: ${cond}`,
  entityTooLarge: 'Your proposed upload exceeds the maximum allowed size.',
  fileAlreadyExists: 'The object you specified already exists and can not be overwritten.',
  signatureMismatch:
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  invalidAccessKey: 'The OSS Access Key Id you provided does not exist in our records.',
  fileNotLast: 'The file must be the last field in the form.',
  missingField: (name: string) => `Bucket POST must contain a field named '${name}'.`,
  expiredUrl: 'Request has expired.',
  noSuchKey: 'The specified key does not exist.',
  notMultipart: 'The body of your POST request is not well-formed multipart/form-data.',
} as const;
