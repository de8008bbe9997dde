export * from './attachment.types';
export { AttachmentRepository } from './attachment.repository';
export { AttachmentUpload, type FinishedUpload, type UploadTarget } from './attachment-upload.writer';
export { keyUpdateModeFor } from '../concurrency/key-guard';
export { AttachmentStore } from './attachment-store.service';
