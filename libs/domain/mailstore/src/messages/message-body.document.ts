import type { ContentType } from '@eider/mime';
import type { MessageDocument } from './message.document';

export const MESSAGE_BODIES_COLLECTION = 'message_bodies';

/**
 * The heavy, write-once part of a message, kept out of `messages` so that listings, counts and flag reads
 * stay small: FerretDB decodes every whole document a query touches, projection or not.
 */
export const BODY_FIELDS = ['tree', 'text', 'html', 'searchHeaders', 'bodyStructure'] as const;
export type BodyField = (typeof BODY_FIELDS)[number];

/** One per message, `_id` equal to the message's `_id`; `user` scopes body searches. */
export type MessageBodyDocument = Pick<MessageDocument, '_id' | 'user' | BodyField>;

/** The root part's content type, all a listing row needs of the tree. */
export type RootContentType = Pick<ContentType, 'mediaType' | 'params'>;

/**
 * What `messages` holds. Documents written before the split still carry the body fields inline, so they
 * are optional here; readers fall back to them when there is no body document.
 */
export type StoredMessageDocument = Omit<MessageDocument, BodyField> &
  Partial<Pick<MessageDocument, BodyField>> & { contentType?: RootContentType };

export const isBodyField = (field: string): boolean =>
  BODY_FIELDS.some((name) => field === name || field.startsWith(`${name}.`));

/** Splits a full document into its slim message document and its body document. */
export const splitMessage = (
  document: MessageDocument,
): { message: StoredMessageDocument; body: MessageBodyDocument } => {
  const { tree, text, html, searchHeaders, bodyStructure, ...rest } = document;
  const contentType: RootContentType = {
    mediaType: tree.contentType.mediaType,
    params: tree.contentType.params,
  };
  return {
    message: { ...rest, contentType },
    body: { _id: document._id, user: document.user, tree, text, html, searchHeaders, bodyStructure },
  };
};

/** A stored document made whole again; inline body fields (pre-split documents) win over a body document. */
export const joinMessage = (
  message: StoredMessageDocument,
  body: MessageBodyDocument | null,
): MessageDocument | null => {
  const { contentType: _contentType, ...rest } = message;
  if (message.tree) return rest as MessageDocument;
  if (!body) return null;
  return {
    ...rest,
    tree: body.tree,
    text: body.text,
    html: body.html,
    searchHeaders: body.searchHeaders,
    bodyStructure: body.bodyStructure,
  };
};

/** The body of a stored document: its inline fields when it predates the split. */
export const inlineBodyOf = (message: StoredMessageDocument): MessageBodyDocument | null =>
  message.tree
    ? {
        _id: message._id,
        user: message.user,
        tree: message.tree,
        text: message.text ?? '',
        html: message.html ?? '',
        searchHeaders: message.searchHeaders ?? [],
        bodyStructure: message.bodyStructure as MessageDocument['bodyStructure'],
      }
    : null;
