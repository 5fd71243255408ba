import { z } from 'zod';
import { channel } from './define';
import { PROMPT_MAX_CHARS, promptLength } from './domain';

/** Prompt history (↑/↓ in the prompt field) and saved prompts, kept across restarts. */
export const PROMPT_HISTORY_MAX = 200;
export const SAVED_PROMPTS_MAX = 500;

/** A prompt as typed: may be longer than the service keeps (the panel shows the cut), never empty. */
const StoredPromptSchema = z
  .string()
  .trim()
  .min(1)
  .refine((p) => promptLength(p) <= PROMPT_MAX_CHARS * 4, 'tooLong');

export const PromptListsSchema = z.object({
  /** Newest first, no duplicates. */
  history: z.array(z.string()),
  saved: z.array(z.string()),
});
export type PromptLists = z.infer<typeof PromptListsSchema>;

export const promptsChannels = {
  'prompts.get': channel(z.undefined(), PromptListsSchema),
  /** Called when a prompt is generated; moves it to the top of the history. */
  'prompts.remember': channel(z.object({ prompt: StoredPromptSchema }).strict(), PromptListsSchema),
  'prompts.save': channel(z.object({ prompt: StoredPromptSchema }).strict(), PromptListsSchema),
  'prompts.unsave': channel(z.object({ prompt: z.string().max(2000) }).strict(), PromptListsSchema),
  'prompts.clearHistory': channel(z.undefined(), PromptListsSchema),
};
