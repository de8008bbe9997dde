import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './bench-stack';

export const CORPUS_DIR = join(workspaceRoot, '..', 'shared', 'corpus', 'mail-fixtures');

/** The shared real-world corpus, or null when it is not beside the checkout. */
export const loadCorpus = (): Buffer[] | null => {
  if (!existsSync(CORPUS_DIR)) return null;
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.eml')) files.push(path);
    }
  };
  walk(CORPUS_DIR);
  return files.map((file) => readFileSync(file));
};

/** A message of about `totalBytes` with several large base64 attachments, generated without a template. */
export const generateLargeMessage = (totalBytes: number, attachments = 5, seed = 7): Buffer => {
  const lines = [
    'From: Bench <bench@example.com>',
    'To: Store <store@example.com>',
    'Subject: Large message',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="bench-boundary"',
    '',
    '--bench-boundary',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See attachments.',
  ];
  const rawPerAttachment = Math.floor((totalBytes * 0.74) / attachments);
  let state = seed;
  const parts: Buffer[] = [Buffer.from(lines.join('\r\n'))];
  for (let index = 0; index < attachments; index++) {
    const bytes = Buffer.alloc(rawPerAttachment);
    for (let offset = 0; offset < bytes.length; offset += 4) {
      state = (state * 1103515245 + 12345) >>> 0;
      bytes.writeUInt32LE(state, Math.min(offset, bytes.length - 4));
    }
    parts.push(
      Buffer.from(
        `\r\n--bench-boundary\r\nContent-Type: application/octet-stream; name="blob${index}.bin"\r\n` +
          `Content-Disposition: attachment; filename="blob${index}.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n`,
      ),
      Buffer.from(bytes.toString('base64').replace(/.{76}/g, '$&\r\n')),
    );
  }
  parts.push(Buffer.from('\r\n--bench-boundary--\r\n'));
  return Buffer.concat(parts);
};
