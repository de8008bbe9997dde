export { MimeError, isMimeError, type MimeErrorCode } from './mime-error';
export type {
  BodyRef,
  ByteStats,
  ContentDisposition,
  ContentType,
  ExternalBody,
  HeaderField,
  InlineBody,
  MimeDefect,
  MimeNode,
  MimeNodeKind,
  MimeParam,
  MultipartBody,
  MultipartChild,
} from './mime-tree.types';
export type { BodySegmentInfo, BodySink, BodyWriter, ChunkObserver } from './body-sink.types';
export { DEFAULT_LIMITS, MimeTreeParser, type MimeTreeParserOptions } from './mime-tree.parser';
export {
  DEFAULT_MAX_TEXT_LENGTH,
  MessageParser,
  MessageParserStream,
  parseMessage,
  parseMessageSync,
  type MessageSource,
  type ParseOptions,
  type ParsedMessage,
} from './message.parser';
export {
  messageSize,
  messageSizeCrlf,
  rebuildChunks,
  rebuildMessage,
  rebuildToBuffer,
  type RebuildOptions,
} from './message-rebuilder';
export type { ByteRange, ExternalBodyReader } from './byte-pieces';
export {
  CrlfConverter,
  LineEndingNormalizer,
  countBareLfs,
  normalizeLineEndings,
} from './line-ending.normalizer';
export { parseSectionSpec, type SectionKind, type SectionSpec } from './section-spec.parser';
export {
  filterHeaderFields,
  openSection,
  readSection,
  type SectionContent,
  type SectionReadOptions,
} from './section.reader';
export { listParts, resolvePart, type PartVisit } from './part-path.resolver';
export { getHeaderValue, getHeaderValues, headerMap } from './header-block.parser';
export { findParam } from './header-params.parser';
export { buildEnvelope, type Envelope, type EnvelopeAddress } from './envelope.builder';
export {
  buildBodyStructure,
  type BodyDisposition,
  type BodyStructure,
  type BodyStructureLeaf,
  type BodyStructureMultipart,
} from './body-structure.builder';
export {
  formatBodyStructure,
  formatEnvelope,
  imapNString,
  imapString,
  type BodyStructureWireOptions,
  type ImapWireOptions,
} from './imap-wire.serializer';
export {
  decodeAddresses,
  parseAddressList,
  type AddressItem,
  type MailAddress,
  type ParsedGroup,
  type ParsedMailbox,
} from './address.parser';
export { decodeEncodedWords } from './encoded-words.decoder';
export { decodeCharset, type CharsetDecodeResult } from './charset.decoder';
export { decodeSubject, extractMessageIds, parseDateHeader, parseListId } from './header-values.decoder';
export {
  buildMessageSummary,
  DEFAULT_PREVIEW_LENGTH,
  type MessageSummary,
  type SummaryTexts,
} from './message-summary.builder';
export type { ExtractedText } from './text-capture.collector';
export { listAttachments, type AttachmentInfo } from './attachment.classifier';
export { baseSubject, buildThreadKey, type ThreadKey } from './thread-key.helper';
export { htmlToText } from './html-text.converter';
export { encodeNulBinaryParts } from './binary-part.encoder';
export { reviveMimeTree, toBinaryBuffer } from './tree-revive.helper';
export { createTransferDecoder, type TransferDecoder } from './transfer.decoder';
export { transferEncodingKind, type TransferEncodingKind } from './content-headers.parser';
