import { ConfigError } from '@eider/config';
import { StackError } from '@eider/stack';
import { printConfigCommand } from './config.command';
import { deliverCommand } from './deliver.command';
import { eiderCommand } from './eider.command';
import { startCommand } from './start.command';
import { testCommand } from './test.command';
import { userCommand } from './user.command';

const USAGE = 'usage: eider <start|test|config|user|deliver|eider> [options]';

export const main = async (argv: string[]): Promise<number> => {
  const [command, ...args] = argv;
  switch (command) {
    case 'start':
      return startCommand();
    case 'test':
      return testCommand(args);
    case 'config':
      return printConfigCommand(args);
    case 'user':
      return userCommand(args);
    case 'deliver':
      return deliverCommand(args);
    case 'eider':
      return eiderCommand(args);
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
};

/** Expected failures (bad config, missing toolchain, busy port) print one line, never a stack trace. */
export const reportFatal = (error: unknown): number => {
  if (error instanceof ConfigError || error instanceof StackError) {
    process.stderr.write(`eider: ${error.message}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`eider: unexpected failure: ${message}\n`);
  return 1;
};

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => process.exit(reportFatal(error)),
  );
}
