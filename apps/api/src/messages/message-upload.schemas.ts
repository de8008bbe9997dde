import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';
import { canonicalFlag } from '@eider/mailstore';
import { flexibleBoolean } from './message-changes.schemas';

const uploadDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date(), z.number().int().min(0)])
  .describe('INTERNALDATE: ISO 8601 date or epoch milliseconds; defaults to now');

const uploadFlags = {
  unseen: flexibleBoolean.optional().describe('Store without \\Seen (default false: stored as seen)'),
  flagged: flexibleBoolean.optional().describe('Store with \\Flagged'),
  draft: flexibleBoolean.optional().describe('Store with \\Draft'),
  date: uploadDate.optional(),
};

export const UploadMessageSchema = z
  .object({
    raw: z
      .string()
      .min(1)
      .describe('The RFC 822 message, base64 encoded or as text; or send it as the body with message/rfc822'),
    flags: z
      .array(
        z
          .string()
          .max(128)
          .refine((flag) => canonicalFlag(flag) !== null, 'not a valid IMAP flag'),
      )
      .max(64)
      .optional()
      .describe('Further flags or keywords, e.g. \\Answered or $Label1'),
    ...uploadFlags,
  })
  .strict();
export class UploadMessageDto extends createZodDto(UploadMessageSchema) {}

/** With a `message/rfc822` body, the options come in the query string. */
export const UploadMessageQuerySchema = z.object({
  ...uploadFlags,
  date: z
    .union([z.iso.datetime({ offset: true }), z.iso.date(), z.coerce.number().int().min(0)])
    .optional()
    .describe('INTERNALDATE: ISO 8601 date or epoch milliseconds; defaults to now'),
});
export class UploadMessageQueryDto extends createZodDto(UploadMessageQuerySchema) {}

export type UploadOptions = z.infer<typeof UploadMessageQuerySchema> & { flags?: string[] };

// A message always has a header with a colon and a space, which base64 never contains.
const BASE64_TEXT = /^[A-Za-z0-9+/=\r\n]+$/;

/** The bytes of a JSON `raw` value: base64 when it can only be base64, otherwise the text as UTF-8. */
export const rawBytes = (raw: string): Buffer =>
  BASE64_TEXT.test(raw) ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');

/** The IMAP flags an upload is stored with, following WildDuck's defaults (seen unless `unseen`). */
export const uploadFlagsOf = (options: UploadOptions): string[] => [
  ...(options.unseen === true ? [] : ['\\Seen']),
  ...(options.flagged === true ? ['\\Flagged'] : []),
  ...(options.draft === true ? ['\\Draft'] : []),
  ...(options.flags ?? []),
];

export const uploadDateOf = (options: UploadOptions): Date | undefined => {
  if (options.date === undefined) return undefined;
  const date = new Date(options.date);
  return Number.isNaN(date.getTime()) ? undefined : date;
};
