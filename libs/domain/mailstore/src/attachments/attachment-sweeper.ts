import { ObjectId } from 'mongodb';
import type { AttachmentRepository } from './attachment.repository';

const BATCH = 500;

/**
 * The newest ObjectId of the second `olderThanMs` ago. Upload ids are made when an upload starts, so
 * an id at or below this one belongs to an upload that started at least that long ago (to the second).
 */
const cutoffId = (olderThanMs: number, now: number): ObjectId => {
  const seconds = Math.floor((now - olderThanMs) / 1000);
  return ObjectId.createFromHexString(`${seconds.toString(16).padStart(8, '0')}ffffffffffffffff`);
};

/**
 * Collects what crashes leave behind. Both sweeps are idempotent and safe to run from several
 * processes at once; they only ever delete files nobody references and documents already dead.
 */
export class AttachmentSweeper {
  constructor(
    private readonly repository: AttachmentRepository,
    private readonly removeDead: (key: string) => Promise<boolean>,
  ) {}

  async sweepOrphans(olderThanMs: number, now: number = Date.now()): Promise<number> {
    if (!Number.isFinite(olderThanMs) || olderThanMs < 0)
      throw new RangeError(`invalid orphan age ${olderThanMs}`);
    const cutoff = cutoffId(olderThanMs, now);
    let removed = 0;
    // Complete files: crashed between the GridFS upload and the key insert, or a releaser crashed
    // after removing the key document.
    let after: ObjectId | null = null;
    for (;;) {
      const files = await this.repository.filesStartedBefore(cutoff, after, BATCH);
      if (files.length === 0) break;
      after = files[files.length - 1] ?? null;
      removed += await this.deleteUnreferenced(files);
    }
    // Uploads that died mid-stream never wrote a files document; their chunk 0 gives them away.
    after = null;
    for (;;) {
      const uploads = await this.repository.chunkedUploadsStartedBefore(cutoff, after, BATCH);
      if (uploads.length === 0) break;
      after = uploads[uploads.length - 1] ?? null;
      const complete = await this.repository.completeFiles(uploads);
      // Files with a files document were judged by the first pass, or are newer uploads finishing now.
      removed += await this.deleteUnreferenced(uploads.filter((file) => !complete.has(file.toHexString())));
    }
    return removed;
  }

  async sweepDead(): Promise<number> {
    let removed = 0;
    let after: string | null = null;
    for (;;) {
      const keys = await this.repository.deadKeys(after, BATCH);
      if (keys.length === 0) return removed;
      after = keys[keys.length - 1] ?? null;
      for (const key of keys) if (await this.removeDead(key)) removed++;
    }
  }

  private async deleteUnreferenced(files: ObjectId[]): Promise<number> {
    const referenced = await this.repository.referencedFiles(files);
    let removed = 0;
    for (const file of files) {
      if (referenced.has(file.toHexString())) continue;
      await this.repository.deleteFile(file);
      removed++;
    }
    return removed;
  }
}
