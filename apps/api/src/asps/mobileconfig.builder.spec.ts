import { buildMobileconfig } from './mobileconfig.builder';

describe('buildMobileconfig', () => {
  const input = {
    address: 'андрис@уайлддак.орг',
    displayName: 'A <b>&"x"',
    username: 'andris',
    password: 'abcdefghijklmnop',
    imapHost: 'mail.example.test',
    imapPort: 993,
    imapTls: true,
    description: 'Phone',
  };

  it('writes an IMAP mail payload with the password and the server', () => {
    const xml = buildMobileconfig(input);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain('<key>EmailAccountType</key><string>EmailTypeIMAP</string>');
    expect(xml).toContain('<key>IncomingPassword</key><string>abcdefghijklmnop</string>');
    expect(xml).toContain('<key>IncomingMailServerPortNumber</key><integer>993</integer>');
    expect(xml).toContain('<key>IncomingMailServerUseSSL</key><true/>');
    expect(xml).toContain('<string>андрис@уайлддак.орг</string>');
  });

  it('escapes markup in every string so the plist stays well formed', () => {
    const xml = buildMobileconfig(input);
    expect(xml).toContain('<string>A &#60;b&#62;&#38;&#34;x&#34;</string>');
    expect(xml).not.toContain('<b>');
  });
});
