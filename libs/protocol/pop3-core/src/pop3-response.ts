/** RFC 2449 / RFC 3206 extended response codes this server sends. */
export type Pop3ResponseCode = 'IN-USE' | 'LOGIN-DELAY' | 'AUTH' | 'SYS/TEMP' | 'SYS/PERM';

export const okLine = (text: string): string => (text === '' ? '+OK\r\n' : `+OK ${text}\r\n`);

export const errLine = (text: string, code?: Pop3ResponseCode): string =>
  code ? `-ERR [${code}] ${text}\r\n` : `-ERR ${text}\r\n`;

/** Text the client sent echoed back must not break the response line. */
export const printable = (text: string, max = 40): string => {
  const cleaned = text.replace(/[^\x20-\x7e]/g, '?');
  return cleaned.length > max ? `${cleaned.slice(0, max)}...` : cleaned;
};
