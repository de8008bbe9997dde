import type { MessageDocument } from '@eider/mailstore';
import { sanitizeMessageHtml, type SanitizedHtml } from './html-sanitizer';
import type { AttachmentView } from './message-view.mapper';

export const NO_HTML: SanitizedHtml = { html: '', remoteImages: { blocked: false, count: 0 } };

/**
 * A message's HTML made safe to show: `cid:` references point at the attachment download URLs (from
 * `attachmentsView`, in the same order as the message's attachments), remote images blocked unless allowed.
 */
export const sanitizedMessageHtml = (
  message: MessageDocument,
  attachments: readonly AttachmentView[],
  images: boolean,
): SanitizedHtml => {
  if (!message.html) return NO_HTML;
  const byContentId = new Map<string, string>();
  message.attachments.forEach((attachment, index) => {
    const view = attachments[index];
    if (attachment.contentId && view) byContentId.set(attachment.contentId.toLowerCase(), view.url);
  });
  return sanitizeMessageHtml(message.html, {
    images,
    resolveCid: (contentId) => byContentId.get(contentId.toLowerCase()) ?? null,
  });
};
