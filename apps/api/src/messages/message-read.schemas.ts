import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';

// Query objects are not strict: WildDuck clients send extras such as `sess` and `ip`, and tokens may
// come as `?accessToken=`.
const flag = (description: string) => z.stringbool().optional().describe(description);
const term = (description: string) => z.string().trim().min(1).max(255).optional().describe(description);
// A string in the schema (OpenAPI cannot describe a coerced Date); the controller turns it into a Date.
const date = (description: string) =>
  z
    .string()
    .max(64)
    .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date')
    .optional()
    .describe(description);
const cursor = (description: string) => z.string().max(128).optional().describe(description);

const PagingFields = {
  limit: z.coerce.number().int().min(1).max(250).default(20).describe('How many results to return'),
  order: z.enum(['asc', 'desc']).default('desc').describe('Ordering by arrival (UID)'),
  next: cursor('nextCursor from the previous response'),
  previous: cursor('previousCursor from the previous response'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('Page number, echoed back'),
};

export const ListMessagesQuerySchema = z.object({
  ...PagingFields,
  unseen: flag('Only messages without \\Seen'),
  flagged: flag('Only messages with \\Flagged'),
});
export class ListMessagesQueryDto extends createZodDto(ListMessagesQuerySchema) {}

export const SearchMessagesQuerySchema = z.object({
  ...PagingFields,
  order: z.enum(['asc', 'desc']).default('desc').describe('Ordering by message creation'),
  q: term('Free text matched against subject, addresses and body text'),
  query: term('Alias of q'),
  mailbox: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hex id')
    .optional()
    .describe('Search only this mailbox'),
  from: term('Partial match on From'),
  to: term('Partial match on To and Cc'),
  subject: term('Partial match on Subject'),
  datestart: date('Earliest arrival time'),
  dateend: date('Latest arrival time (exclusive)'),
  minSize: z.coerce.number().int().min(0).optional().describe('Minimal size in bytes'),
  maxSize: z.coerce.number().int().min(0).optional().describe('Maximal size in bytes'),
  attachments: flag('Only messages with attachments'),
  flagged: flag('Only messages with \\Flagged'),
  unseen: flag('Only messages without \\Seen'),
  searchable: flag('Leave out Trash and Junk'),
});
export class SearchMessagesQueryDto extends createZodDto(SearchMessagesQuerySchema) {}

export const GetMessageQuerySchema = z.object({
  markAsSeen: z
    .stringbool()
    .default(false)
    .describe('Set \\Seen on the message (not with a read-only token)'),
  images: z.stringbool().default(false).describe('Keep remote images in the HTML instead of blocking them'),
});
export class GetMessageQueryDto extends createZodDto(GetMessageQuerySchema) {}
