import { ObjectId } from 'mongodb';
import type { SubmitInput } from '@eider/delivery';
import type { z } from 'zod/v4';
import type { SubmitSchema } from './submission.schemas';

export type SubmitBody = z.output<typeof SubmitSchema>;

/** A validated submit body (REST, or GraphQL mapped to the same shape) as the submission service takes it. */
export const submitInputFrom = (body: SubmitBody): SubmitInput => ({
  ...body,
  mailbox: body.mailbox ? new ObjectId(body.mailbox) : undefined,
  reference: body.reference
    ? { ...body.reference, mailbox: new ObjectId(body.reference.mailbox) }
    : undefined,
  draft: body.draft ? { ...body.draft, mailbox: new ObjectId(body.draft.mailbox) } : undefined,
  sendTime: body.sendTime ? new Date(body.sendTime) : undefined,
});
