import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { hostname } from 'node:os';
import type { ObjectId } from 'mongodb';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';
import { AddressService, CredentialService, type AppPasswordInfo } from '@eider/accounts';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { MailStore } from '@eider/mailstore';
import { TargetUser, parseObjectId } from '../auth/principal';
import { buildMobileconfig } from './mobileconfig.builder';

const CreateAspSchema = z
  .object({
    description: z.string().trim().min(1).max(200).describe('Where the password is used, e.g. "Phone"'),
    scopes: z
      .array(z.enum(['imap', 'pop3', 'smtp', '*']))
      .min(1)
      .max(4)
      .default(['*'])
      .describe('Services the password may log into; * is all of them'),
    generateMobileconfig: z
      .boolean()
      .default(false)
      .describe('Also return an Apple configuration profile (base64) for IMAP'),
  })
  .strict();
class CreateAspDto extends createZodDto(CreateAspSchema) {}

const aspView = (asp: AppPasswordInfo) => ({
  id: asp.id,
  description: asp.description,
  scopes: asp.scopes,
  lastUse: { time: asp.lastUsed?.toISOString() ?? false },
  created: asp.created.toISOString(),
});

@ApiTags('Application passwords')
@Controller('users/:user/asps')
export class AspsController {
  constructor(
    private readonly store: MailStore,
    private readonly credentials: CredentialService,
    private readonly addresses: AddressService,
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: "List the user's application passwords (never the passwords)" })
  async list(@TargetUser() user: ObjectId) {
    await this.store.users.get(user);
    return { success: true, results: (await this.credentials.listAppPasswords(user)).map(aspView) };
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Create an application password; it is shown only in this response' })
  async create(@TargetUser() user: ObjectId, @Body() body: CreateAspDto) {
    const account = await this.store.users.get(user);
    const created = await this.credentials.createAppPassword(user, body.description, body.scopes);
    let mobileconfig: string | undefined;
    if (body.generateMobileconfig) {
      const address = (await this.addresses.mainAddress(user)) ?? account.username;
      const imap = this.config.imap;
      const tls = imap.implicitTls.enabled;
      mobileconfig = Buffer.from(
        buildMobileconfig({
          address,
          displayName: account.name || address,
          username: account.username,
          password: created.password,
          imapHost: this.config.lmtp.hostname || hostname(),
          imapPort: tls ? imap.implicitTls.port : imap.port,
          imapTls: tls,
          description: body.description,
        }),
        'utf8',
      ).toString('base64');
    }
    return {
      success: true,
      id: created.id,
      password: created.password,
      scopes: created.scopes,
      ...(mobileconfig !== undefined ? { mobileconfig } : {}),
    };
  }

  @Get(':asp')
  @ApiOperation({ summary: 'Get one application password' })
  async get(@TargetUser() user: ObjectId, @Param('asp') id: string) {
    const asp = await this.credentials.getAppPassword(user, parseObjectId(id, 'asp').toHexString());
    return { success: true, ...aspView(asp) };
  }

  @Delete(':asp')
  @ApiOperation({ summary: 'Delete an application password; logins with it stop at once' })
  async remove(@TargetUser() user: ObjectId, @Param('asp') id: string) {
    await this.credentials.deleteAppPassword(user, parseObjectId(id, 'asp').toHexString());
    return { success: true };
  }
}
