import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';
import { PagedQuerySchema } from '../users/cursor-paging';

// Addresses are checked and canonicalised by the accounts domain (IDN, NFC, case); here only the size.
const address = z.string().min(3).max(320);
const target = z.string().min(3).max(2048).describe('An address or an http(s)/smtp(s) URL');

export const CreateAddressSchema = z
  .object({
    address: address.describe('The address; Unicode and punycode domains are the same address'),
    main: z.boolean().optional().describe("Make it the main address (the user's first address always is)"),
  })
  .strict();
export class CreateAddressDto extends createZodDto(CreateAddressSchema) {}

export const UpdateAddressSchema = z
  .object({
    address: address.optional(),
    main: z.literal(true).optional().describe('Make this the main address'),
  })
  .strict();
export class UpdateAddressDto extends createZodDto(UpdateAddressSchema) {}

export const CreateForwardedSchema = z.object({ address, targets: z.array(target).min(1).max(100) }).strict();
export class CreateForwardedDto extends createZodDto(CreateForwardedSchema) {}

export const UpdateForwardedSchema = z
  .object({ address: address.optional(), targets: z.array(target).min(1).max(100).optional() })
  .strict();
export class UpdateForwardedDto extends createZodDto(UpdateForwardedSchema) {}

export const CreateDomainAliasSchema = z
  .object({
    alias: z.string().min(1).max(253).describe('The alias domain'),
    domain: z.string().min(1).max(253).describe('The domain it stands for'),
  })
  .strict();
export class CreateDomainAliasDto extends createZodDto(CreateDomainAliasSchema) {}

export class AddressListQueryDto extends createZodDto(PagedQuerySchema) {}
