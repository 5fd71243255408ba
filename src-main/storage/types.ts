import type { StorageAdapterId, UploadDestination } from '../../src-preload/contract/storage';

export type SketchFormat = 'png' | 'jpg' | 'webp' | 'tiff';

/** A sketch that passed the API's limits; built only by `inspectSketch`. */
export interface SketchMeta {
  readonly sha256: string;
  readonly format: SketchFormat;
  readonly mime: `image/${'png' | 'jpeg' | 'webp' | 'tiff'}`;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  /** `<sha256>.<ext>`: ASCII only and content-addressed, so the same sketch maps to the same object. */
  readonly key: string;
}

export interface UploadOptions {
  readonly signal?: AbortSignal;
  /** 0…1. Adapters whose transport can't report progress call it with 0 and 1 only. */
  readonly onProgress?: (fraction: number) => void;
}

export interface UploadResult {
  /**
   * What goes into `input.sketch_image_url`, except for S3: there the object's bare address, and
   * the GET is signed as the create goes out (registry's sketchUrlFor), because a presigned URL
   * carries the access key id and this value is kept in upload and job records.
   */
  readonly url: string;
  /** Epoch ms after which `url` stops working; null when the storage keeps it indefinitely. */
  readonly expiresAt: number | null;
  /** Extra headers for the create-task call, e.g. `X-DashScope-OssResourceResolve: enable`. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * What `delete` needs to remove the object again. The uploader adds `destination` (where it
   * went); keep it with the job so a release deletes there, whatever the settings say by then.
   */
  readonly ref: { readonly adapter: StorageAdapterId; readonly key: string; readonly destination?: UploadDestination };
}

/**
 * One place the sketch can be put so DashScope can fetch it. Failures are AppFailures with a
 * `storage.*` code whose params name the endpoint; an adapter never changes anything on the
 * caller's side, so a failed upload can simply be retried.
 */
export interface StorageAdapter {
  readonly id: StorageAdapterId;
  upload(bytes: Uint8Array, meta: SketchMeta, options?: UploadOptions): Promise<UploadResult>;
  /** Present only where the storage allows deleting (S3). */
  delete?(key: string, signal?: AbortSignal): Promise<void>;
  /** Checks configuration and credentials without uploading a sketch; resolves with the endpoint. */
  test(signal?: AbortSignal): Promise<{ endpoint: string }>;
  /** Frees sockets the adapter's client keeps open; called when the caller is done with it. */
  dispose?(): void;
}
