import { AUTHENTICATED, type CommandHandler, bad, ok } from '../session/command-handler';
import { expectEnd } from '../protocol/command-tokens';

/**
 * IDLE: changes are pushed as the backend's watch fires; `* OK Still here` keeps NAT
 * mappings alive, and the autologout timer is off while idling.
 */
export const idleCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 0);
    session.clearTimer();
    session.interruptible = true;
    await session.continuation('idling');
    let chain: Promise<void> = Promise.resolve();
    let stopped = false;
    const enqueue = (job: () => Promise<void>): void => {
      chain = chain
        .then(async () => {
          if (stopped) return;
          await job();
          await session.writer.flush();
        })
        .catch((error: unknown) => {
          session.logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'idle push failed');
        });
    };
    const view = session.view;
    const unwatch = view
      ? session.backend.watch(session.ctx, view.mailboxId, () => enqueue(() => session.syncMailbox(true)))
      : null;
    const keepalive = setInterval(
      () => enqueue(() => session.untagged('OK Still here')),
      session.options.idleKeepaliveMs,
    );
    keepalive.unref();
    if (view) enqueue(() => session.syncMailbox(true));
    try {
      const line = await session.readClientLine();
      stopped = true;
      await chain;
      return line.trim().toUpperCase() === 'DONE' ? ok('IDLE terminated') : bad('Expected DONE');
    } finally {
      stopped = true;
      clearInterval(keepalive);
      unwatch?.();
    }
  },
};
