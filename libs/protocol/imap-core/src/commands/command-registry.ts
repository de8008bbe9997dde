import type { CommandHandler } from '../session/command-handler';
import { appendCommand } from './append.command';
import { authenticateCommand } from './authenticate.command';
import { capabilityCommand } from './capability.command';
import { checkCommand } from './check.command';
import { compressCommand } from './compress.command';
import { closeCommand, unselectCommand } from './close.command';
import { copyCommand, moveCommand } from './copy.command';
import { createCommand } from './create.command';
import { deleteCommand } from './delete.command';
import { enableCommand } from './enable.command';
import { expungeCommand } from './expunge.command';
import { fetchCommand } from './fetch.command';
import { idCommand } from './id.command';
import { idleCommand } from './idle.command';
import { listCommand, lsubCommand } from './list.command';
import { loginCommand } from './login.command';
import { logoutCommand } from './logout.command';
import { namespaceCommand } from './namespace.command';
import { noopCommand } from './noop.command';
import { notifyCommand } from './notify.command';
import { getQuotaCommand, getQuotaRootCommand, setQuotaCommand } from './quota.command';
import { renameCommand } from './rename.command';
import { searchCommand } from './search.command';
import { cancelUpdateCommand } from './cancelupdate.command';
import { sortCommand } from './sort.command';
import { threadCommand } from './thread.command';
import { examineCommand, selectCommand } from './select.command';
import { starttlsCommand } from './starttls.command';
import { statusCommand } from './status.command';
import { storeCommand } from './store.command';
import { subscribeCommand, unsubscribeCommand } from './subscribe.command';

export const commandHandlers: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
  ['CAPABILITY', capabilityCommand],
  ['NOOP', noopCommand],
  ['LOGOUT', logoutCommand],
  ['STARTTLS', starttlsCommand],
  ['COMPRESS', compressCommand],
  ['AUTHENTICATE', authenticateCommand],
  ['LOGIN', loginCommand],
  ['ENABLE', enableCommand],
  ['ID', idCommand],
  ['NAMESPACE', namespaceCommand],
  ['SELECT', selectCommand],
  ['EXAMINE', examineCommand],
  ['CREATE', createCommand],
  ['DELETE', deleteCommand],
  ['RENAME', renameCommand],
  ['SUBSCRIBE', subscribeCommand],
  ['UNSUBSCRIBE', unsubscribeCommand],
  ['LIST', listCommand],
  ['LSUB', lsubCommand],
  ['STATUS', statusCommand],
  ['APPEND', appendCommand],
  ['CHECK', checkCommand],
  ['CLOSE', closeCommand],
  ['UNSELECT', unselectCommand],
  ['EXPUNGE', expungeCommand],
  ['SEARCH', searchCommand],
  ['CANCELUPDATE', cancelUpdateCommand],
  ['SORT', sortCommand],
  ['THREAD', threadCommand],
  ['FETCH', fetchCommand],
  ['STORE', storeCommand],
  ['COPY', copyCommand],
  ['MOVE', moveCommand],
  ['IDLE', idleCommand],
  ['NOTIFY', notifyCommand],
  ['GETQUOTA', getQuotaCommand],
  ['GETQUOTAROOT', getQuotaRootCommand],
  ['SETQUOTA', setQuotaCommand],
]);
