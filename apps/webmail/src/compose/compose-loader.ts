// Builds the first state of a compose window from its intent (fetching the original or the draft).
import { graphqlRequest } from '../client/graphql-client';
import { ComposeSourceDocument, type ComposeSourceQuery } from '../graphql/generated';
import type { ComposeIntent } from './compose-intent';
import { parseAddressList } from './address-list';
import { emptyRecipients, newComposeState, type ComposeState, type LocalAttachment } from './compose-state';
import { composeReply, type SourceMessage } from './reply-composition';

type SourceData = ComposeSourceQuery['message'];

const toSource = (message: SourceData): SourceMessage => ({
  id: message.id,
  subject: message.subject,
  date: message.date,
  from: message.from,
  to: message.to,
  cc: message.cc,
  replyTo: message.replyTo,
  text: message.text,
  html: message.html ?? null,
  attachments: message.attachments,
});

export const bytesToBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  // Chunks keep String.fromCharCode under the engine's argument limit.
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
};

/** An attachment of a stored draft, downloaded again: each draft save sends the whole message. */
const downloadAttachment = async (
  attachment: SourceData['attachments'][number],
): Promise<LocalAttachment> => {
  const response = await fetch(`/api/files${attachment.downloadUrl}`, { credentials: 'same-origin' });
  if (!response.ok)
    throw new Error(`Could not load the attachment ${attachment.filename} (${response.status})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    key: attachment.id,
    filename: attachment.filename,
    contentType: attachment.contentType,
    size: bytes.length,
    content: bytesToBase64(bytes),
    uploaded: true,
  };
};

const fromDraft = async (localId: string, message: SourceData): Promise<ComposeState> => {
  const attachments = await Promise.all(
    message.attachments.filter((attachment) => !attachment.related).map(downloadAttachment),
  );
  return newComposeState(localId, {
    draftId: message.id,
    to: emptyRecipients(message.to),
    cc: emptyRecipients(message.cc),
    bcc: emptyRecipients(message.bcc),
    subject: message.subject,
    mode: message.html ? 'rich' : 'plain',
    html: message.html ?? '',
    text: message.text,
    attachments,
  });
};

const REFERENCE_ACTIONS = { reply: 'REPLY', replyAll: 'REPLY_ALL', forward: 'FORWARD' } as const;

export const loadComposeState = async (
  localId: string,
  intent: ComposeIntent,
  ownAddresses: readonly string[],
): Promise<ComposeState> => {
  if (intent.kind === 'new') {
    const to = parseAddressList((intent.to ?? []).join(',')).addresses;
    return newComposeState(localId, { to: emptyRecipients(to) });
  }
  const { message } = await graphqlRequest(ComposeSourceDocument, { id: intent.messageId });
  if (intent.kind === 'draft') return fromDraft(localId, message);
  const composed = composeReply(toSource(message), intent.kind, ownAddresses);
  return newComposeState(localId, {
    to: emptyRecipients(composed.to),
    cc: emptyRecipients(composed.cc),
    subject: composed.subject,
    html: composed.html,
    text: composed.text,
    reference: { id: message.id, action: REFERENCE_ACTIONS[intent.kind] },
    forwarded: composed.forwardedAttachments,
  });
};
