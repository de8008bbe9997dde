import type { IndexSpec } from './index-spec';

/**
 * Indexes of the attachment store: `attachment_keys` and the `attachments` GridFS bucket. The two
 * GridFS indexes carry the names the driver would give them, so its own first-upload check finds them.
 */
export const attachmentIndexes: IndexSpec[] = [
  // Orphan sweep: "does any key document point at this file?" One file belongs to at most one key.
  { collection: 'attachment_keys', key: { file: 1 }, options: { unique: true, name: 'file_1' } },
  // Dead-document sweep: keys stuck at refs <= 0 after a releaser crashed.
  { collection: 'attachment_keys', key: { refs: 1 }, options: { name: 'refs_1' } },
  {
    collection: 'attachments.files',
    key: { filename: 1, uploadDate: 1 },
    options: { name: 'filename_1_uploadDate_1' },
  },
  // Reads and deletes by file; also finds chunk 0 of uploads that never wrote a files document.
  {
    collection: 'attachments.chunks',
    key: { files_id: 1, n: 1 },
    options: { unique: true, name: 'files_id_1_n_1' },
  },
];
