import { HttpStatus, Injectable } from '@nestjs/common';
import type { ObjectId } from 'mongodb';
import { PinoLogger } from 'nestjs-pino';
import { MailStore, type MailboxDocument } from '@eider/mailstore';
import { ApiError } from '../common/api-error';
import { parseUidSet, type UidRange } from './message-changes.range';
import type { MessageChanges, MoveResult, UpdateResult } from './message-changes.schemas';

/** UIDs handled per domain call: bounds memory and the size of each journal append. */
const BATCH = 500;
/** A move answers with every old/new UID pair, so one request may move at most this many messages. */
export const MAX_MOVE = 10_000;

const FLAG_OF: Record<Exclude<keyof MessageChanges, 'moveTo'>, string> = {
  seen: '\\Seen',
  flagged: '\\Flagged',
  deleted: '\\Deleted',
  draft: '\\Draft',
  answered: '\\Answered',
  forwarded: '$Forwarded',
};

interface FlagPlan {
  add: string[];
  remove: string[];
}

const flagPlan = (changes: MessageChanges): FlagPlan => {
  const plan: FlagPlan = { add: [], remove: [] };
  for (const [field, flag] of Object.entries(FLAG_OF) as [keyof typeof FLAG_OF, string][]) {
    const value = changes[field];
    if (value === true) plan.add.push(flag);
    else if (value === false) plan.remove.push(flag);
  }
  return plan;
};

const notFound = (message: string): ApiError => ApiError.notFound('MessageNotFound', message);

/**
 * The write side of messages: flags, moves and deletes over UID selectors. Every change goes through
 * the mail store's message service, so it is journaled and announced to IMAP sessions like any other.
 * Selectors are walked in UID batches read afresh from the store, never loaded whole.
 */
@Injectable()
export class MessageChangesService {
  constructor(
    private readonly store: MailStore,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('api.messages');
  }

  async update(
    user: ObjectId,
    mailboxId: ObjectId,
    selector: string,
    changes: MessageChanges,
    moveTo: ObjectId | null,
  ): Promise<UpdateResult | MoveResult> {
    const ranges = parseUidSet(selector);
    if (!ranges) throw ApiError.badInput('message must name UIDs of 1 or more');
    const plan = flagPlan(changes);
    if (!moveTo && plan.add.length === 0 && plan.remove.length === 0) {
      throw ApiError.badInput('Nothing to change: give a flag field or moveTo');
    }
    const source = await this.store.mailboxes.getById(user, mailboxId);
    if (moveTo) {
      const target = await this.store.mailboxes.getById(user, moveTo);
      if (target._id.equals(source._id)) throw ApiError.badInput('moveTo is the mailbox the messages are in');
      return this.move(source, ranges, plan, target);
    }
    let updated = 0;
    for await (const uids of this.uidBatches(source._id, ranges)) {
      updated += uids.length;
      await this.applyFlags(source, uids, plan);
    }
    if (updated === 0) throw notFound('No message matched query');
    return { updated };
  }

  /** Deletes one message outright (no Trash detour, as WildDuck's DELETE does). */
  async deleteOne(user: ObjectId, mailboxId: ObjectId, uid: number): Promise<void> {
    const mailbox = await this.store.mailboxes.getById(user, mailboxId);
    const removed = await this.store.messages.deleteMessages(mailbox, [uid]);
    if (removed.length === 0) throw notFound('Message was not found');
  }

  /** Empties a mailbox, in batches; with `background` the caller is answered before the work is done. */
  async deleteAll(
    user: ObjectId,
    mailboxId: ObjectId,
    background: boolean,
  ): Promise<{ deleted: number; errors: number } | { scheduled: true }> {
    const mailbox = await this.store.mailboxes.getById(user, mailboxId);
    if (background) {
      void this.deleteBatches(mailbox).catch((error: unknown) =>
        this.logger.error({ err: error, mailbox: mailboxId.toHexString() }, 'background delete failed'),
      );
      return { scheduled: true };
    }
    return { deleted: await this.deleteBatches(mailbox), errors: 0 };
  }

  private async deleteBatches(mailbox: MailboxDocument): Promise<number> {
    let deleted = 0;
    for await (const uids of this.uidBatches(mailbox._id, [{ from: 1, to: Number.MAX_SAFE_INTEGER }])) {
      deleted += (await this.store.messages.deleteMessages(mailbox, uids)).length;
    }
    return deleted;
  }

  private async move(
    source: MailboxDocument,
    ranges: UidRange[],
    plan: FlagPlan,
    target: MailboxDocument,
  ): Promise<MoveResult> {
    // Counted before anything changes, so an oversized request is refused whole rather than half done.
    const uids: number[] = [];
    for await (const batch of this.uidBatches(source._id, ranges)) {
      uids.push(...batch);
      if (uids.length > MAX_MOVE) {
        throw new ApiError(
          HttpStatus.BAD_REQUEST,
          'InputValidationError',
          `At most ${MAX_MOVE} messages can be moved at once; narrow the range`,
        );
      }
    }
    if (uids.length === 0) throw notFound('Could not move message, check if message exists');
    const pairs: [number, number][] = [];
    for (let start = 0; start < uids.length; start += BATCH) {
      const batch = uids.slice(start, start + BATCH);
      await this.applyFlags(source, batch, plan);
      const result = await this.store.messages.move(source, batch, target);
      for (const mapping of result.mappings) pairs.push([mapping.sourceUid, mapping.targetUid]);
    }
    if (pairs.length === 0) throw notFound('Could not move message, check if message exists');
    return { mailbox: target._id.toHexString(), id: pairs };
  }

  private async applyFlags(mailbox: MailboxDocument, uids: number[], plan: FlagPlan): Promise<void> {
    if (plan.add.length > 0) await this.store.messages.setFlags(mailbox, uids, 'add', plan.add);
    if (plan.remove.length > 0) await this.store.messages.setFlags(mailbox, uids, 'remove', plan.remove);
  }

  /** Existing UIDs in the ranges, ascending, `BATCH` at a time; each batch is a fresh query. */
  private async *uidBatches(mailbox: ObjectId, ranges: UidRange[]): AsyncGenerator<number[]> {
    for (const range of ranges) {
      let from = range.from;
      while (from <= range.to) {
        const uids: number[] = [];
        for await (const message of this.store.messages.findRange(mailbox, from, range.to)) {
          uids.push(message.uid);
          if (uids.length === BATCH) break;
        }
        const last = uids[uids.length - 1];
        if (last === undefined) break;
        yield uids;
        if (uids.length < BATCH) break;
        from = last + 1;
      }
    }
  }
}
