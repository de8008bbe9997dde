import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';

const text = (what: string) => z.string().trim().min(1).max(512).describe(what);

export const FilterQuerySchema = z
  .object({
    from: text('Substring of the From addresses or names').optional(),
    to: text('Substring of To, Cc or Delivered-To').optional(),
    subject: text('Substring of the subject').optional(),
    listId: text('Substring of List-ID').optional(),
    text: text('Substring of the plain-text body').optional(),
    ha: z.boolean().optional().describe('Has attachments (true) or has none (false)'),
    size: z
      .number()
      .int()
      .refine((value) => value !== 0, 'size must not be 0')
      .optional()
      .describe('n: larger than n bytes; -n: smaller than n bytes'),
  })
  .strict();

export const FilterActionSchema = z
  .object({
    seen: z.boolean().optional(),
    flag: z.boolean().optional(),
    delete: z.boolean().optional().describe('Discard instead of storing'),
    spam: z.boolean().optional().describe('true: file as spam; false: never spam'),
    mailbox: z
      .string()
      .regex(/^[0-9a-f]{24}$/i, 'mailbox must be a 24-character hex id')
      .optional()
      .describe("Id of one of the user's mailboxes"),
    targets: z
      .array(z.string().trim().min(1).max(512))
      .max(20)
      .optional()
      .describe('Forward targets: addresses, http(s) URLs or smtp(s) URLs'),
  })
  .strict();

const FilterFields = {
  name: z.string().max(128).optional(),
  query: FilterQuerySchema,
  action: FilterActionSchema,
  disabled: z.boolean().optional(),
};

export const CreateFilterSchema = z.object(FilterFields).strict();
export class CreateFilterDto extends createZodDto(CreateFilterSchema) {}

export const UpdateFilterSchema = z
  .object({
    name: FilterFields.name,
    query: FilterQuerySchema.optional(),
    action: FilterActionSchema.optional(),
    disabled: FilterFields.disabled,
  })
  .strict();
export class UpdateFilterDto extends createZodDto(UpdateFilterSchema) {}

export const ListAllFiltersQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(250).default(20),
    page: z.coerce.number().int().min(1).default(1),
  })
  .strict();
export class ListAllFiltersQueryDto extends createZodDto(ListAllFiltersQuerySchema) {}
