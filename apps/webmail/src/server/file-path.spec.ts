import { allowedFilePath } from './file-path';

const me = '0123456789abcdef01234567';
const other = 'fedcba9876543210fedcba98';
const box = 'aaaaaaaaaaaaaaaaaaaaaaaa';

describe('allowedFilePath', () => {
  it("allows the user's own attachments and raw messages", () => {
    const attachment = ['users', me, 'mailboxes', box, 'messages', '12', 'attachments', 'ATT00001'];
    expect(allowedFilePath(attachment, me)).toBe(attachment.join('/'));
    expect(
      allowedFilePath(['users', me, 'mailboxes', box, 'messages', '12', 'message.eml'], me),
    ).not.toBeNull();
  });

  it("refuses another user's files, other routes and traversal", () => {
    expect(
      allowedFilePath(['users', other, 'mailboxes', box, 'messages', '1', 'message.eml'], me),
    ).toBeNull();
    expect(allowedFilePath(['users', me, 'addresses'], me)).toBeNull();
    expect(allowedFilePath(['users', me, 'mailboxes', box, 'messages', '1', '..', '..', 'x'], me)).toBeNull();
    expect(allowedFilePath(['users', me, 'mailboxes', box, 'messages', '0', 'message.eml'], me)).toBeNull();
    expect(
      allowedFilePath(['users', me, 'mailboxes', `${box}/x`, 'messages', '1', 'message.eml'], me),
    ).toBeNull();
  });
});
