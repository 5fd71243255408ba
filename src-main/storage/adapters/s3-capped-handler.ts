import { Transform, type Readable } from 'node:stream';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { BodyTooLargeError } from '../../common/read-body';

/**
 * Budget for one S3 answer. What the adapter asks for (HEAD, PUT, DELETE) answers with headers and
 * at most a small XML error; the SDK buffers whatever body comes before parsing it, so a hostile
 * or broken endpoint could otherwise fill main's memory.
 */
export const S3_BODY_LIMIT_BYTES = 1024 * 1024;

type Handled = Awaited<ReturnType<NodeHttpHandler['handle']>>;

/** Node's HTTP handler for the SDK with every response body held to `maxBytes` (see read-body.ts). */
export class CappedHttpHandler extends NodeHttpHandler {
  constructor(
    options: NodeHttpHandlerOptions,
    private readonly maxBytes = S3_BODY_LIMIT_BYTES,
  ) {
    super(options);
  }

  override async handle(...args: Parameters<NodeHttpHandler['handle']>): Promise<Handled> {
    const handled = await super.handle(...args);
    const { response } = handled;
    const body = response.body as Readable | undefined;
    // A HEAD's Content-Length is the object's size, not a body to come.
    if (!body || args[0].method === 'HEAD') return handled;
    const announced = Number(response.headers['content-length']);
    if (Number.isFinite(announced) && announced > this.maxBytes) {
      body.destroy();
      throw new BodyTooLargeError(this.maxBytes, announced);
    }
    response.body = body.pipe(capAt(this.maxBytes, () => body.destroy()));
    return handled;
  }
}

function capAt(maxBytes: number, stopSource: () => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        stopSource();
        done(new BodyTooLargeError(maxBytes, seen));
        return;
      }
      done(null, chunk);
    },
  });
}
