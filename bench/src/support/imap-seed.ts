import { closeSync, openSync, writeSync } from 'node:fs';
import { ObjectId } from 'mongodb';
import {
  splitMessage,
  tallyOf,
  type MailboxDocument,
  type MailStore,
  type MessageBodyDocument,
  type MessageDocument,
  type StoredMessageDocument,
  uidBlockOf,
} from '@eider/mailstore';
import { progress } from './bench-stack';
import { toMbox } from './dovecot-peer';

/** A message stored once through the normal ingest path, and the raw bytes it came from. */
export interface Template {
  raw: Buffer;
  doc: MessageDocument;
}

const INSERT_BATCH = 2000;

/** A small plain-text message with its own Message-ID and a body of about `bodyBytes`. */
export const smallMessage = (index: number, bodyBytes: number): Buffer => {
  const words = ['mail', 'store', 'bench', 'imap', 'fetch', 'flags', 'select', 'eider', 'dovecot', 'body'];
  const lines: string[] = [];
  let line = '';
  let state = index * 2654435761;
  for (let size = 0; size < bodyBytes;) {
    state = (state * 1103515245 + 12345) >>> 0;
    const word = words[state % words.length]!;
    if (line.length + word.length > 70) {
      lines.push(line);
      size += line.length + 2;
      line = '';
    }
    line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return Buffer.from(
    [
      'From: Bench Sender <sender@bench.example>',
      `To: Reader ${index} <reader${index}@bench.example>`,
      `Subject: Bench message ${index}`,
      `Date: Sat, 28 Nov 2026 10:${String(index % 60).padStart(2, '0')}:00 +0000`,
      `Message-ID: <bench-${index}@bench.example>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      ...lines,
      '',
    ].join('\r\n'),
  );
};

/**
 * Stores up to `wanted` distinct messages through `store.ingest.add`, the corpus first and generated
 * small messages after it. A message whose bodies went to GridFS is not a template: cloning its document
 * would share attachment references nobody counted.
 */
export const ingestTemplates = async (
  store: MailStore,
  inbox: MailboxDocument,
  corpus: Buffer[],
  wanted: number,
): Promise<Template[]> => {
  const sources = [...corpus.slice(0, wanted)];
  for (let index = sources.length; index < wanted; index++)
    sources.push(smallMessage(index, 400 + (index % 17) * 350));
  const templates: Template[] = [];
  for (const [index, raw] of sources.entries()) {
    const stored = await store.ingest.add(inbox, raw);
    const doc = await store.messages.get(inbox._id, stored.uid);
    if (doc.externalKeys.length === 0) templates.push({ raw, doc });
    progress('eider ingest (templates)', index + 1, sources.length);
  }
  if (templates.length === 0) throw new Error('no template message stayed inline');
  return templates;
};

/**
 * Fills a mailbox with `count` copies of the templates' documents (message i is template i mod T),
 * each with a fresh `_id`, UID, modseq and EMAILID; UIDs come from the store's allocator, one block
 * per insert batch, and a body document per copy. Nothing else is written: no journal entries, no quota usage.
 */
export const cloneTemplates = async (
  store: MailStore,
  mailbox: MailboxDocument,
  templates: Template[],
  count: number,
  label: string,
): Promise<void> => {
  const messages = store.db.collection<StoredMessageDocument>('messages');
  for (let done = 0; done < count;) {
    const size = Math.min(INSERT_BATCH, count - done);
    const grant = await store.allocator.allocateUids(mailbox._id, size);
    const batch: StoredMessageDocument[] = [];
    const bodies: MessageBodyDocument[] = [];
    for (let offset = 0; offset < size; offset++) {
      const template = templates[(done + offset) % templates.length]!.doc;
      const _id = new ObjectId();
      const { message, body } = splitMessage({
        ...template,
        _id,
        user: mailbox.user,
        mailbox: mailbox._id,
        uid: grant.firstUid + offset,
        // Set, not spread: the template carries its own UID's block.
        uidBlock: uidBlockOf(grant.firstUid + offset),
        modseq: grant.modseq,
        emailId: `M${_id.toHexString()}`,
        created: new Date(),
      });
      batch.push(message);
      bodies.push(body);
    }
    // The store's write order: bodies before the message documents that point at them.
    await store.messageBodies.insert(bodies);
    await messages.insertMany(batch, { ordered: false });
    // The store's writers keep FerretDB's count tallies; this shortcut must do the same.
    await store.tallies.apply(mailbox._id, tallyOf(batch));
    done += size;
    if (done === count || done % (INSERT_BATCH * 5) === 0) {
      process.stderr.write(`bench: ${label} ${done}/${count}\n`);
    }
  }
};

/** Writes the same sequence as `cloneTemplates` as an mbox, one message at a time (never all in memory). */
export const writeTemplateMbox = (file: string, templates: Template[], count: number): void => {
  const fd = openSync(file, 'w');
  try {
    for (let index = 0; index < count; index++) {
      writeSync(fd, toMbox([templates[index % templates.length]!.raw]));
    }
  } finally {
    closeSync(fd);
  }
};
