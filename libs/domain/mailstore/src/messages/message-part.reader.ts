import {
  createTransferDecoder,
  openSection,
  transferEncodingKind,
  type ExternalBodyReader,
  type MimeNode,
} from '@eider/mime';
import type { AttachmentInfo } from '@eider/mime';

const PART_NUMBER = /^[1-9]\d{0,4}(\.[1-9]\d{0,4}){0,31}$/;

/**
 * The transfer-decoded content of one attachment, read lazily (external bodies stream from storage),
 * or null when the part does not exist in this tree.
 */
export const openAttachmentContent = (
  tree: MimeNode,
  attachment: Pick<AttachmentInfo, 'part' | 'transferEncoding'>,
  readExternal: ExternalBodyReader,
): AsyncGenerator<Buffer> | null => {
  if (!PART_NUMBER.test(attachment.part)) return null;
  const section = openSection(tree, attachment.part, { readExternal });
  if (section === null) return null;
  const decoder = createTransferDecoder(transferEncodingKind(attachment.transferEncoding));
  return (async function* decoded() {
    for await (const chunk of section.chunks()) {
      const out = decoder.write(chunk);
      if (out.length > 0) yield out;
    }
    const rest = decoder.end();
    if (rest.length > 0) yield rest;
  })();
};
