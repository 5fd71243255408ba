import { z } from 'zod';

/**
 * Shapes of DashScope responses as they come off the wire (test/sim/CONTRACT.md §1.1, §2, §6).
 * Objects are not strict: the service adds fields over time and that must not break us.
 */

export const TASK_STATUSES = ['PENDING', 'RUNNING', 'SUSPENDED', 'SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const errorBodySchema = z.object({
  request_id: z.string().optional(),
  code: z.string().min(1),
  message: z.string().optional(),
  msg: z.string().optional(),
});

const resultItemSchema = z.union([
  z.object({ url: z.string().min(1) }),
  z.object({ code: z.string(), message: z.string().optional().default('') }),
]);

const metricsSchema = z.object({
  TOTAL: z.number().int().nonnegative(),
  SUCCEEDED: z.number().int().nonnegative(),
  FAILED: z.number().int().nonnegative(),
});

export const taskOutputSchema = z.object({
  task_id: z.string().min(1),
  task_status: z.enum(TASK_STATUSES),
  submit_time: z.string().optional(),
  scheduled_time: z.string().optional(),
  end_time: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  task_metrics: metricsSchema.optional(),
  results: z.array(resultItemSchema).optional(),
});

export const taskResponseSchema = z.object({
  request_id: z.string(),
  output: taskOutputSchema,
  usage: z.object({ image_count: z.number().int().nonnegative() }).nullish(),
});
export type TaskResponseWire = z.infer<typeof taskResponseSchema>;

export const createResponseSchema = z.object({
  request_id: z.string(),
  output: z.object({ task_id: z.string().min(1), task_status: z.enum(TASK_STATUSES) }),
});

export const cancelResponseSchema = z.object({ request_id: z.string() });

const listItemSchema = z.object({
  task_id: z.string().min(1),
  status: z.enum(TASK_STATUSES),
  model_name: z.string().optional(),
  gmt_create: z.number(),
  start_time: z.number().optional(),
  end_time: z.number().optional(),
  request_id: z.string().optional(),
  api_key_id: z.union([z.string(), z.number()]).optional(),
  region: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});

export const listResponseSchema = z.object({
  request_id: z.string(),
  total: z.number().int().nonnegative(),
  total_page: z.number().int().nonnegative(),
  page_no: z.number().int(),
  page_size: z.number().int(),
  data: z.array(listItemSchema),
});
export type ListItemWire = z.infer<typeof listItemSchema>;

// The doc types these as strings while its example has numbers (test/sim/CONTRACT.md §1.1), so accept both.
const numberish = z.union([
  z.number(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
]);

export const policyResponseSchema = z.object({
  request_id: z.string(),
  data: z.object({
    policy: z.string().min(1),
    signature: z.string().min(1),
    upload_dir: z.string().min(1),
    upload_host: z.string().url(),
    expire_in_seconds: numberish,
    max_file_size_mb: numberish,
    capacity_limit_mb: numberish,
    oss_access_key_id: z.string().min(1),
    x_oss_object_acl: z.string(),
    x_oss_forbid_overwrite: z.string(),
  }),
});
