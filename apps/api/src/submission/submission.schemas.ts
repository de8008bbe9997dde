import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hex id');
const oneLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !/[\r\n\0]/.test(value), 'must be a single line');

const AddressSchema = z
  .object({
    name: oneLine(255).optional(),
    address: z
      .string()
      .max(320)
      .pipe(z.email({ pattern: z.regexes.unicodeEmail })),
  })
  .strict();
const AddressList = z.array(AddressSchema).max(500);

const HeaderSchema = z
  .object({
    key: z.string().regex(/^[!-9;-~]{1,100}$/, 'must be a header name'),
    value: oneLine(16 * 1024),
  })
  .strict();

const AttachmentSchema = z
  .object({
    filename: oneLine(255).optional(),
    contentType: z.string().max(255).optional(),
    encoding: z.literal('base64').default('base64').describe('Only base64 is accepted'),
    content: z.string().regex(/^[A-Za-z0-9+/=\s]*$/, 'must be base64'),
    cid: z
      .string()
      .regex(/^[^\s<>"()]{1,255}$/, 'must be a Content-ID without brackets')
      .optional(),
  })
  .strict();

export const SubmitSchema = z
  .object({
    mailbox: objectId.optional().describe('Store the copy here instead of Sent (or Drafts)'),
    reference: z
      .object({
        mailbox: objectId,
        id: z.number().int().min(1).describe('UID of the referenced message'),
        action: z.enum(['reply', 'replyAll', 'forward']),
        attachments: z
          .union([z.boolean(), z.array(z.string().max(64)).max(100)])
          .optional()
          .describe('Forward: true for all attachments, or their ids'),
      })
      .strict()
      .optional(),
    draft: z
      .object({ mailbox: objectId, id: z.number().int().min(1) })
      .strict()
      .optional()
      .describe('A stored draft this message replaces; deleted afterwards'),
    from: AddressSchema.optional().describe("One of the user's addresses; default: the main address"),
    replyTo: AddressSchema.optional(),
    to: AddressList.optional(),
    cc: AddressList.optional(),
    bcc: AddressList.optional(),
    subject: oneLine(2048).optional(),
    text: z
      .string()
      .max(1024 * 1024)
      .optional(),
    html: z
      .string()
      .max(1024 * 1024)
      .optional(),
    headers: z.array(HeaderSchema).max(50).optional(),
    attachments: z.array(AttachmentSchema).max(100).optional(),
    isDraft: z.boolean().default(false),
    uploadOnly: z.boolean().default(false),
    sendTime: z.iso.datetime({ offset: true }).optional().describe('Date header; no delayed sending'),
    envelope: z.object({ from: AddressSchema.optional(), to: AddressList.optional() }).strict().optional(),
  })
  .strict();
export class SubmitDto extends createZodDto(SubmitSchema) {}
