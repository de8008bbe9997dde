import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';
import { PagedQuerySchema } from './cursor-paging';

const bytes = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const perDay = z.number().int().min(0).max(1_000_000_000);

const limitFields = {
  quota: bytes.optional().describe('Storage quota in bytes; 0 is unlimited'),
  recipients: perDay.optional().describe('Recipients of submitted mail per day; 0 is unlimited'),
  forwards: perDay.optional().describe('Forwarded messages per day; 0 is unlimited'),
  imapMaxDownload: bytes.optional().describe('Bytes downloaded over IMAP per day; 0 is unlimited'),
  pop3MaxDownload: bytes.optional().describe('Bytes downloaded over POP3 per day; 0 is unlimited'),
};

export const USERNAME = /^[\p{L}\p{N}](?:[\p{L}\p{N}.-]{0,126}[\p{L}\p{N}])?$/u;

export const CreateUserSchema = z
  .object({
    username: z
      .string()
      .regex(USERNAME, 'username is 1-128 letters, digits, dots or dashes')
      .describe('Login name'),
    password: z.string().min(1).max(1024).describe('Account password (at least 8 characters)'),
    address: z.string().min(3).max(320).optional().describe('Main address; none when absent'),
    name: z.string().max(256).optional(),
    ...limitFields,
  })
  .strict();
export class CreateUserDto extends createZodDto(CreateUserSchema) {}

export const UpdateUserSchema = z
  .object({
    name: z.string().max(256).optional(),
    password: z.string().min(1).max(1024).optional(),
    existingPassword: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe('Required when a user changes their own password'),
    disabled: z.boolean().optional().describe('Root only'),
    ...limitFields,
  })
  .strict();
export class UpdateUserDto extends createZodDto(UpdateUserSchema) {}

export class UserListQueryDto extends createZodDto(PagedQuerySchema) {}

export const CreateTokenSchema = z
  .object({
    role: z.enum(['user', 'readonly']).default('user'),
    ttlSeconds: z
      .number()
      .int()
      .min(60)
      .max(366 * 24 * 3600)
      .optional(),
    description: z.string().max(256).optional(),
  })
  .strict();
export class CreateTokenDto extends createZodDto(CreateTokenSchema) {}
