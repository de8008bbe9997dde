// The state of one compose window and how it becomes the API's SendMessageInput.
import type { SendMessageInput } from '../graphql/generated';
import { htmlToText, isBlankHtml } from './body-format';
import { parseAddressList, type ComposeAddress } from './address-list';
import type { SourceAttachment } from './reply-composition';

export type EditorMode = 'rich' | 'plain';
export type RecipientField = 'to' | 'cc' | 'bcc';

export interface RecipientsValue {
  tokens: ComposeAddress[];
  /** What is typed but not yet turned into a token; it is sent too. */
  pending: string;
}

/** A file the user attached, held as base64 because every draft save carries it. */
export interface LocalAttachment {
  key: string;
  filename: string;
  contentType: string;
  size: number;
  content: string;
  /** Whether a saved draft already holds it. */
  uploaded: boolean;
}

export interface ComposeReference {
  id: string;
  action: 'REPLY' | 'REPLY_ALL' | 'FORWARD';
}

export interface ComposeState {
  localId: string;
  /** The stored draft this window last saved, "<mailboxId>:<uid>". */
  draftId: string | null;
  from: string | null;
  mode: EditorMode;
  to: RecipientsValue;
  cc: RecipientsValue;
  bcc: RecipientsValue;
  subject: string;
  html: string;
  text: string;
  reference: ComposeReference | null;
  /** Attachments of a forwarded original that stay attached (the API copies them from the reference). */
  forwarded: SourceAttachment[];
  attachments: LocalAttachment[];
}

export const emptyRecipients = (tokens: ComposeAddress[] = []): RecipientsValue => ({ tokens, pending: '' });

export const newComposeState = (localId: string, overrides: Partial<ComposeState> = {}): ComposeState => ({
  localId,
  draftId: null,
  from: null,
  mode: 'rich',
  to: emptyRecipients(),
  cc: emptyRecipients(),
  bcc: emptyRecipients(),
  subject: '',
  html: '',
  text: '',
  reference: null,
  forwarded: [],
  attachments: [],
  ...overrides,
});

export const recipientsOf = (value: RecipientsValue): ComposeAddress[] => [
  ...value.tokens,
  ...parseAddressList(value.pending).addresses,
];

/** Typed recipients that are no address: sending with them would silently drop someone. */
export const invalidRecipients = (state: ComposeState): string[] =>
  (['to', 'cc', 'bcc'] as const).flatMap((field) => parseAddressList(state[field].pending).invalid);

export const bodyText = (state: ComposeState): string =>
  state.mode === 'rich' ? htmlToText(state.html) : state.text;

/** Nothing worth keeping: no recipient, subject, body or attachment. */
export const isEmptyCompose = (state: ComposeState): boolean =>
  (['to', 'cc', 'bcc'] as const).every((field) => recipientsOf(state[field]).length === 0) &&
  !state.subject.trim() &&
  (state.mode === 'rich' ? isBlankHtml(state.html) : !state.text.trim()) &&
  state.attachments.length === 0;

const addressInputs = (list: ComposeAddress[]) =>
  list.map((entry) =>
    entry.name ? { name: entry.name, address: entry.address } : { address: entry.address },
  );

export const toSendInput = (state: ComposeState): SendMessageInput => {
  const input: SendMessageInput = {
    to: addressInputs(recipientsOf(state.to)),
    cc: addressInputs(recipientsOf(state.cc)),
    bcc: addressInputs(recipientsOf(state.bcc)),
    subject: state.subject,
  };
  if (state.from) input.from = { address: state.from };
  if (state.mode === 'rich') {
    input.html = state.html;
    input.text = htmlToText(state.html);
  } else {
    input.text = state.text;
  }
  if (state.attachments.length > 0) {
    input.attachments = state.attachments.map(({ filename, contentType, content }) => ({
      filename,
      contentType,
      content,
    }));
  }
  if (state.reference) {
    input.reference =
      state.reference.action === 'FORWARD'
        ? { ...state.reference, attachmentIds: state.forwarded.map((attachment) => attachment.id) }
        : state.reference;
  }
  return input;
};

export const attachmentBytes = (state: ComposeState): number =>
  state.attachments.reduce((sum, attachment) => sum + attachment.size, 0);
