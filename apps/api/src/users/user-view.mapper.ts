import type { LimitUsage } from '@eider/accounts';
import type { UserDocument, UserLimitKind } from '@eider/mailstore';

/** A user as listings show it. */
export const userListItem = (user: UserDocument, address: string | null) => ({
  id: user._id.toHexString(),
  username: user.username,
  name: user.name,
  address: address ?? '',
  quota: { allowed: user.quota, used: user.storageUsed },
  disabled: user.disabled,
  created: user.created.toISOString(),
});

/** One user in full: the listing fields plus the daily limits with their current usage. */
export const userDetails = (
  user: UserDocument,
  address: string | null,
  usage: Record<UserLimitKind, LimitUsage>,
  hasPasswordSet: boolean,
) => ({
  success: true as const,
  ...userListItem(user, address),
  recipients: usage.recipients.allowed,
  forwards: usage.forwards.allowed,
  imapMaxDownload: usage.imapDownload.allowed,
  pop3MaxDownload: usage.pop3Download.allowed,
  limits: {
    quota: { allowed: user.quota, used: user.storageUsed },
    recipients: usage.recipients,
    forwards: usage.forwards,
    imapDownload: usage.imapDownload,
    pop3Download: usage.pop3Download,
  },
  hasPasswordSet,
  activated: true,
});
