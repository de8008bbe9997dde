import type { Pop3Maildrop, Pop3Update } from './pop3-backend';

export type MessageLookup =
  { ok: true; index: number } | { ok: false; reason: 'syntax' | 'range' | 'deleted' };

const MESSAGE_NUMBER = /^[1-9][0-9]{0,9}$/;

/**
 * The TRANSACTION state's memory: deletion and retrieval marks per message in one byte each, so a
 * 100k-message maildrop costs a few hundred kilobytes whatever the backend keeps.
 */
export class Pop3Transaction {
  private readonly deleted: Uint8Array;
  private readonly retrieved: Uint8Array;
  private liveCount: number;
  private liveSize = 0;

  constructor(readonly maildrop: Pop3Maildrop) {
    this.deleted = new Uint8Array(maildrop.count);
    this.retrieved = new Uint8Array(maildrop.count);
    this.liveCount = maildrop.count;
    for (let index = 0; index < maildrop.count; index++) this.liveSize += maildrop.sizeOf(index);
  }

  get count(): number {
    return this.maildrop.count;
  }

  /** Messages not marked deleted, and their total size (STAT). */
  get stat(): { count: number; size: number } {
    return { count: this.liveCount, size: this.liveSize };
  }

  lookup(argument: string): MessageLookup {
    if (!MESSAGE_NUMBER.test(argument)) return { ok: false, reason: 'syntax' };
    const index = Number(argument) - 1;
    if (index >= this.maildrop.count) return { ok: false, reason: 'range' };
    if (this.deleted[index] === 1) return { ok: false, reason: 'deleted' };
    return { ok: true, index };
  }

  isDeleted(index: number): boolean {
    return this.deleted[index] === 1;
  }

  markDeleted(index: number): void {
    if (this.deleted[index] === 1) return;
    this.deleted[index] = 1;
    this.liveCount--;
    this.liveSize -= this.maildrop.sizeOf(index);
  }

  markRetrieved(index: number): void {
    this.retrieved[index] = 1;
  }

  /** RSET: every deletion mark goes; retrieval (and so \Seen at QUIT) stays, as it happened. */
  reset(): void {
    this.deleted.fill(0);
    this.liveCount = this.maildrop.count;
    this.liveSize = 0;
    for (let index = 0; index < this.maildrop.count; index++) this.liveSize += this.maildrop.sizeOf(index);
  }

  pendingUpdate(): Pop3Update {
    const update: Pop3Update = { deleted: [], seen: [] };
    for (let index = 0; index < this.maildrop.count; index++) {
      if (this.deleted[index] === 1) update.deleted.push(index);
      else if (this.retrieved[index] === 1) update.seen.push(index);
    }
    return update;
  }
}

export const lookupError = (reason: 'syntax' | 'range' | 'deleted', argument: string): string => {
  switch (reason) {
    case 'syntax':
      return 'invalid message number';
    case 'range':
      return `no such message ${argument}`;
    case 'deleted':
      return `message ${argument} already deleted`;
  }
};
