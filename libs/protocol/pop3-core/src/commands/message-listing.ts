import { splitArgs, type Pop3Context } from '../pop3-command';
import { lookupError } from '../pop3-transaction';

/**
 * LIST and UIDL share their shape: with an argument, one +OK line; without, a multi-line listing of
 * every message not marked deleted, produced in batches so memory stays flat for any maildrop size.
 */
export const messageListing = async (
  context: Pop3Context,
  args: string,
  name: string,
  value: (index: number) => string,
): Promise<void> => {
  const transaction = context.transaction!;
  const parts = splitArgs(args);
  if (parts.length > 1) {
    await context.reject(`${name} takes at most one message number`);
    return;
  }
  const argument = parts[0];
  if (argument !== undefined) {
    const found = transaction.lookup(argument);
    if (!found.ok) {
      await context.reject(lookupError(found.reason, argument));
      return;
    }
    await context.ok(`${found.index + 1} ${value(found.index)}`);
    return;
  }
  const { count, size } = transaction.stat;
  function* lines(): Generator<string> {
    for (let index = 0; index < transaction.count; index++) {
      if (!transaction.isDeleted(index)) yield `${index + 1} ${value(index)}`;
    }
  }
  await context.multiline(
    name === 'LIST' ? `${count} messages (${size} octets)` : 'unique-id listing follows',
    lines(),
  );
};
