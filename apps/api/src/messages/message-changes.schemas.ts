import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';
import { UID_SET_PATTERN } from './message-changes.range';

/** JSON booleans, plus the 'true'/'false' strings form-style clients send. */
export const flexibleBoolean = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1'),
]);

const objectIdHex = z.string().regex(/^[0-9a-fA-F]{24}$/, 'must be a 24-character hex id');

export const uidSetSchema = z
  .string()
  .max(2048)
  .regex(UID_SET_PATTERN, 'must be a UID, a comma list, a range (3:15) or an open range (3:*)');

const changeFields = {
  seen: flexibleBoolean.optional().describe('State of the \\Seen flag'),
  flagged: flexibleBoolean.optional().describe('State of the \\Flagged flag'),
  deleted: flexibleBoolean.optional().describe('State of the \\Deleted flag'),
  draft: flexibleBoolean.optional().describe('State of the \\Draft flag'),
  answered: flexibleBoolean.optional().describe('State of the \\Answered flag'),
  forwarded: flexibleBoolean.optional().describe('State of the $Forwarded keyword'),
  moveTo: objectIdHex.optional().describe('Id of a mailbox of the same user to move the messages to'),
};

export const UpdateMessageSchema = z.object(changeFields).strict();
export class UpdateMessageDto extends createZodDto(UpdateMessageSchema) {}

export const UpdateMessagesSchema = z
  .object({
    message: uidSetSchema.describe('UIDs: 15, 1,2,3, 3:15, 3:* or a mix such as 1:10,15'),
    ...changeFields,
  })
  .strict();
export class UpdateMessagesDto extends createZodDto(UpdateMessagesSchema) {}

// Not strict: `accessToken` may ride along in the query string.
export const DeleteMessagesQuerySchema = z.object({
  async: flexibleBoolean.optional().describe('Delete in the background and answer at once'),
});
export class DeleteMessagesQueryDto extends createZodDto(DeleteMessagesQuerySchema) {}

export type MessageChanges = z.infer<typeof UpdateMessageSchema>;

export interface UpdateResult {
  updated: number;
}

export interface MoveResult {
  mailbox: string;
  /** `[oldUid, newUid]` pairs, as WildDuck reports a move. */
  id: [number, number][];
}
