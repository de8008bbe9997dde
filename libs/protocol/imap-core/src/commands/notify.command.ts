import { AUTHENTICATED, type CommandHandler, no, ok } from '../session/command-handler';
import { MailboxNotifier } from '../session/mailbox-notifier';
import { parseNotify, SUPPORTED_EVENTS, UnsupportedNotifyEventError } from '../session/notify-filters';

/** NOTIFY SET [STATUS] (filter events)... / NOTIFY NONE (RFC 5465). */
export const notifyCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    if (!session.backend.watchUser) return no('NOTIFY is not available');
    let request;
    try {
      request = parseNotify(input.args, (token) => session.decodeMailbox(token));
    } catch (error) {
      if (error instanceof UnsupportedNotifyEventError)
        return no(
          `Unsupported event: ${error.message.slice(0, 60)}`,
          `BADEVENT (${SUPPORTED_EVENTS.join(' ')})`,
        );
      throw error;
    }
    if (request === null) {
      session.setNotifier(null);
      return ok('NOTIFY stopped');
    }
    const notifier = new MailboxNotifier(session, request);
    session.setNotifier(notifier);
    try {
      await notifier.start();
    } catch (error) {
      session.setNotifier(null);
      throw error;
    }
    return ok('NOTIFY set');
  },
};
