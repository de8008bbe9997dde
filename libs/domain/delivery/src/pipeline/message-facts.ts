import type { MailAddress, ParsedMessage } from '@eider/mime';
import { htmlToText } from '@eider/mime';
import type { MessageFacts } from '../filters/filter.types';

const lowered = (list: readonly MailAddress[]): string[] =>
  list.flatMap(({ name, address }) => [address, name].filter(Boolean).map((value) => value.toLowerCase()));

/** Filter facts for one recipient: the parsed message plus the Delivered-To this delivery adds. */
export const buildMessageFacts = (parsed: ParsedMessage, deliveredTo: string, size: number): MessageFacts => {
  const { summary, tree } = parsed;
  const existingDeliveredTo = tree.headers
    .filter((header) => header.key === 'delivered-to')
    .map((header) => header.value.trim().toLowerCase());
  const text = summary.text?.content ?? (summary.html ? htmlToText(summary.html.content) : '');
  return {
    from: lowered([...summary.from, ...summary.sender]),
    to: [...lowered(summary.to), ...lowered(summary.cc), ...existingDeliveredTo, deliveredTo.toLowerCase()],
    subject: summary.subject.toLowerCase(),
    listId: (summary.listId ?? '').toLowerCase(),
    text: text.toLowerCase(),
    hasAttachments: summary.hasAttachments,
    size,
  };
};
