import { randomUUID } from 'node:crypto';

export interface MobileconfigInput {
  /** Shown as the account's name and address in Mail. */
  address: string;
  displayName: string;
  username: string;
  password: string;
  imapHost: string;
  imapPort: number;
  imapTls: boolean;
  description: string;
}

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

const entry = (key: string, value: string | number | boolean): string => {
  const typed =
    typeof value === 'boolean'
      ? `<${String(value)}/>`
      : typeof value === 'number'
        ? `<integer>${value}</integer>`
        : `<string>${escapeXml(value)}</string>`;
  return `<key>${key}</key>${typed}`;
};

/**
 * An Apple configuration profile that sets up the IMAP account with the application password, so the
 * password is typed nowhere. Unsigned: devices show it as unverified, which is what other servers do too.
 */
export const buildMobileconfig = (input: MobileconfigInput): string => {
  const mail = [
    entry('EmailAccountDescription', input.description),
    entry('EmailAccountName', input.displayName),
    entry('EmailAccountType', 'EmailTypeIMAP'),
    entry('EmailAddress', input.address),
    entry('IncomingMailServerAuthentication', 'EmailAuthPassword'),
    entry('IncomingMailServerHostName', input.imapHost),
    entry('IncomingMailServerPortNumber', input.imapPort),
    entry('IncomingMailServerUseSSL', input.imapTls),
    entry('IncomingMailServerUsername', input.username),
    entry('IncomingPassword', input.password),
    entry('PayloadDescription', 'Configures the mail account'),
    entry('PayloadDisplayName', input.description),
    entry('PayloadIdentifier', `eider.mail.${randomUUID()}`),
    entry('PayloadType', 'com.apple.mail.managed'),
    entry('PayloadUUID', randomUUID()),
    entry('PayloadVersion', 1),
  ].join('');
  const profile = [
    `<key>PayloadContent</key><array><dict>${mail}</dict></array>`,
    entry('PayloadDisplayName', input.description),
    entry('PayloadIdentifier', `eider.profile.${randomUUID()}`),
    entry('PayloadRemovalDisallowed', false),
    entry('PayloadType', 'Configuration'),
    entry('PayloadUUID', randomUUID()),
    entry('PayloadVersion', 1),
  ].join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<plist version="1.0"><dict>${profile}</dict></plist>`,
    '',
  ].join('\n');
};
