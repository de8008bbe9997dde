import { Module } from '@nestjs/common';
import { MessageChangesController } from './message-changes.controller';
import { MessageChangesService } from './message-changes.service';
import { MessageContentController } from './message-content.controller';
import { MessageSearchController } from './message-search.controller';
import { MessageUploadController } from './message-upload.controller';
import { MessagesController } from './messages.controller';

// Read-side controllers (H2) and write-side controllers (H3) share this module; append, never reorder.
@Module({
  controllers: [
    MessagesController,
    MessageContentController,
    MessageSearchController,
    MessageChangesController,
    MessageUploadController,
  ],
  providers: [MessageChangesService],
})
export class MessagesModule {}
