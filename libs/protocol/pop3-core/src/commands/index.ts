import type { Pop3Command } from '../pop3-command';
import { authCommand } from './auth.command';
import { capaCommand } from './capa.command';
import { deleCommand } from './dele.command';
import { listCommand } from './list.command';
import { noopCommand } from './noop.command';
import { passCommand } from './pass.command';
import { quitCommand } from './quit.command';
import { retrCommand } from './retr.command';
import { rsetCommand } from './rset.command';
import { statCommand } from './stat.command';
import { stlsCommand } from './stls.command';
import { topCommand } from './top.command';
import { uidlCommand } from './uidl.command';
import { userCommand } from './user.command';

export const COMMANDS: ReadonlyMap<string, Pop3Command> = new Map(
  [
    userCommand,
    passCommand,
    authCommand,
    statCommand,
    listCommand,
    retrCommand,
    deleCommand,
    noopCommand,
    rsetCommand,
    quitCommand,
    topCommand,
    uidlCommand,
    capaCommand,
    stlsCommand,
  ].map((command) => [command.name, command]),
);

export { capabilities } from './capa.command';
