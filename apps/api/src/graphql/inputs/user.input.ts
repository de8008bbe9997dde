import { Field, InputType, Int } from '@nestjs/graphql';

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field({ description: 'Login name: letters, digits, dots or dashes' })
  username!: string;

  @Field({ description: 'Account password (at least 8 characters)' })
  password!: string;

  @Field(() => String, { nullable: true, description: 'Main address; none when absent' })
  address?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Number, { nullable: true, description: 'Storage quota in bytes; 0 is unlimited' })
  quota?: number | null;

  @Field(() => Int, { nullable: true, description: 'Recipients of submitted mail per day; 0 is unlimited' })
  recipients?: number | null;

  @Field(() => Int, { nullable: true, description: 'Forwarded messages per day; 0 is unlimited' })
  forwards?: number | null;

  @Field(() => Number, { nullable: true, description: 'Bytes downloaded over IMAP per day; 0 is unlimited' })
  imapMaxDownload?: number | null;

  @Field(() => Number, { nullable: true, description: 'Bytes downloaded over POP3 per day; 0 is unlimited' })
  pop3MaxDownload?: number | null;
}

@InputType('UpdateUserInput', {
  description: 'Only given fields change. A user may change its own name and password; the rest is root only',
})
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  password?: string | null;

  @Field(() => String, { nullable: true, description: 'Required when a user changes its own password' })
  existingPassword?: string | null;

  @Field(() => Boolean, { nullable: true })
  disabled?: boolean | null;

  @Field(() => Number, { nullable: true })
  quota?: number | null;

  @Field(() => Int, { nullable: true })
  recipients?: number | null;

  @Field(() => Int, { nullable: true })
  forwards?: number | null;

  @Field(() => Number, { nullable: true })
  imapMaxDownload?: number | null;

  @Field(() => Number, { nullable: true })
  pop3MaxDownload?: number | null;
}
