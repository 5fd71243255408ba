import type { z } from 'zod';

/** A request/response channel: the payload schema main validates, and the value it returns. */
export interface ChannelDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly req: Req;
  readonly res: Res;
}

export const channel = <Req extends z.ZodType, Res extends z.ZodType>(req: Req, res: Res): ChannelDef<Req, Res> => ({
  req,
  res,
});
