import { Field, ObjectType } from '@nestjs/graphql';
import type { AutoreplySettings } from '@eider/delivery';

@ObjectType('Autoreply', { description: 'The vacation responder of a user' })
export class AutoreplyType {
  @Field({ description: 'Whether it is switched on (it answers only between start and end)' })
  enabled!: boolean;

  @Field({ description: 'Display name for the From of the reply' })
  name!: string;

  @Field({ description: 'Empty: "Auto: " plus the original subject' })
  subject!: string;

  @Field()
  text!: string;

  @Field({ description: 'Sanitised when saved' })
  html!: string;

  @Field(() => Date, { nullable: true, description: 'Active from (inclusive); null: no start' })
  start!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Active until (inclusive); null: no end' })
  end!: Date | null;
}

export const autoreplyTypeFrom = (settings: AutoreplySettings): AutoreplyType => ({
  enabled: settings.enabled,
  name: settings.name,
  subject: settings.subject,
  text: settings.text,
  html: settings.html,
  start: settings.start,
  end: settings.end,
});
