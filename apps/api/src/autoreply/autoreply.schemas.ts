import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';

const oneLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !/[\r\n]/.test(value), 'must be a single line');

// WildDuck clears a date with false; an empty string or null does the same here.
const optionalDate = z
  .union([z.iso.datetime({ offset: true }), z.literal(false), z.literal(''), z.null()])
  .optional()
  .describe('ISO 8601 date-time, or false to clear');

export const UpdateAutoreplySchema = z
  .object({
    status: z.boolean().optional().describe('Whether the autoreply is enabled'),
    name: oneLine(512).optional().describe('Display name for the From of the reply'),
    subject: oneLine(512).optional().describe('Empty: "Auto: " plus the original subject'),
    text: z
      .string()
      .max(128 * 1024)
      .optional(),
    html: z
      .string()
      .max(128 * 1024)
      .optional()
      .describe('Sanitised on save'),
    start: optionalDate,
    end: optionalDate,
  })
  .strict();
export class UpdateAutoreplyDto extends createZodDto(UpdateAutoreplySchema) {}

export type OptionalDateInput = z.infer<typeof optionalDate>;
