import { Controller, Get, Inject, Query, Req, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ObjectId } from 'mongodb';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod/v4';
import { MailStore, UserChangeFeed } from '@eider/mailstore';
import { ApiError } from '../common/api-error';
import { TargetUser } from '../auth/principal';
import { formatServerSentEvent } from './update-event.mapper';

/** Comment lines keep proxies and browsers from closing an idle stream. */
export const UPDATES_HEARTBEAT_MS = Symbol('UPDATES_HEARTBEAT_MS');
/** A client that reads nothing for this long is cut off; its feed paused meanwhile, so nothing piled up. */
const DRAIN_TIMEOUT_MS = 60_000;

const cursor = z.string().regex(/^[0-9a-fA-F]{24}$/, 'must be a 24-character hex event id');

// Not strict: EventSource clients pass `accessToken` in the query string too.
const UpdatesQuerySchema = z.object({
  lastEventId: cursor.optional().describe('Resume after this event id (same as the Last-Event-ID header)'),
  'Last-Event-ID': cursor.optional().describe('WildDuck spelling of lastEventId'),
});
class UpdatesQueryDto extends createZodDto(UpdatesQuerySchema) {}

const lastEventIdOf = (request: Request, query: UpdatesQueryDto): string | undefined => {
  const header = request.headers['last-event-id'];
  const value =
    (typeof header === 'string' && header.length > 0 ? header : undefined) ??
    query.lastEventId ??
    query['Last-Event-ID'];
  if (value === undefined) return undefined;
  const parsed = cursor.safeParse(value.trim());
  if (!parsed.success) throw ApiError.badInput('Last-Event-ID must be a 24-character hex event id');
  return parsed.data.toLowerCase();
};

/** Resolves once the socket can take more, or the client is gone, or it stalled too long. */
const drained = (response: Response): Promise<boolean> =>
  new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      clearTimeout(timer);
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    const timer = setTimeout(done(false), DRAIN_TIMEOUT_MS);
    response.once('drain', onDrain);
    response.once('close', onClose);
  });

@ApiTags('Updates')
@Controller('users/:user/updates')
export class UpdatesController implements BeforeApplicationShutdown {
  private readonly open = new Set<() => void>();

  constructor(
    private readonly feed: UserChangeFeed,
    private readonly store: MailStore,
    @Inject(UPDATES_HEARTBEAT_MS) private readonly heartbeatMs: number,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Stream changes of all mailboxes of the user (Server-Sent Events)',
    description:
      'Events `exists`, `expunge`, `flags`, `mailbox` carry `{command, mailbox, message, uid, flags, modseq}`; ' +
      'a `reset` event means the client must reload. Resume with the Last-Event-ID header or `?lastEventId=`. ' +
      'EventSource clients may pass the token as `?accessToken=`.',
  })
  @ApiProduces('text/event-stream')
  async stream(
    @TargetUser() user: ObjectId,
    @Query() query: UpdatesQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const after = lastEventIdOf(request, query);
    await this.store.users.get(user);
    const changes = await this.feed.open(user, after === undefined ? {} : { after });
    let finished = false;
    const heartbeat = setInterval(() => {
      // Only on an idle socket: a backed-up one is already being waited on below.
      if (response.writableLength === 0) response.write(': ping\n\n');
    }, this.heartbeatMs);
    heartbeat.unref();
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearInterval(heartbeat);
      this.open.delete(finish);
      void changes.close();
      if (!response.writableEnded) response.end();
    };
    this.open.add(finish);
    // Either side closing ends the stream; the response's 'close' is the reliable one for a dropped socket.
    request.on('close', finish);
    response.on('close', finish);
    response.on('error', finish);
    // The client may have gone while the feed opened; its 'close' event is then already past.
    if (response.destroyed || request.socket.destroyed) {
      finish();
      return;
    }

    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`retry: 3000\n: eider updates ${user.toHexString()}\n\n`);

    try {
      for await (const event of changes) {
        if (finished) break;
        if (!response.write(formatServerSentEvent(event)) && !(await drained(response))) break;
      }
    } finally {
      finish();
    }
  }

  beforeApplicationShutdown(): void {
    for (const finish of [...this.open]) finish();
  }
}
