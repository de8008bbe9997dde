import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';

const path = z.string().min(1).max(1024).describe('Full path with "/" between levels, e.g. "Work/Reports"');
const retention = z
  .number()
  .int()
  .min(0)
  .optional()
  .describe('Accepted for WildDuck compatibility; automatic expiry is not implemented and it is ignored');
const hidden = z
  .boolean()
  .optional()
  .describe('Accepted for WildDuck compatibility; hidden mailboxes are not supported, only false is allowed');

export const CreateMailboxSchema = z.object({ path, hidden, retention }).strict();
export class CreateMailboxDto extends createZodDto(CreateMailboxSchema) {}

export const UpdateMailboxSchema = z
  .object({
    path: path.optional().describe('New path: renames the mailbox and everything below it'),
    subscribed: z.boolean().optional().describe('IMAP subscription'),
    hidden,
    retention,
  })
  .strict();
export class UpdateMailboxDto extends createZodDto(UpdateMailboxSchema) {}

export const ListMailboxesQuerySchema = z.object({
  counters: z.stringbool().default(false).describe('Include total and unseen counts (and size)'),
  sizes: z.stringbool().default(false).describe('Include the size in bytes'),
  specialUse: z.stringbool().default(false).describe('Only mailboxes with a special use'),
  showHidden: z.stringbool().default(false).describe('Accepted for compatibility; no mailbox is hidden'),
});
export class ListMailboxesQueryDto extends createZodDto(ListMailboxesQuerySchema) {}

export const GetMailboxQuerySchema = z.object({
  path: z.string().min(1).max(1024).optional().describe('With mailbox id "resolve": the path to look up'),
});
export class GetMailboxQueryDto extends createZodDto(GetMailboxQuerySchema) {}
