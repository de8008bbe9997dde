import { PassThrough } from 'node:stream';
import { readMessage } from './lmtp-message.reader';

describe('readMessage', () => {
  it('collects the whole message', async () => {
    const stream = new PassThrough();
    const reading = readMessage(stream, 100);
    stream.write('abc');
    stream.end('def');
    expect(await reading).toEqual({ raw: Buffer.from('abcdef'), size: 6 });
  });

  it('counts but does not keep a message over the limit', async () => {
    const stream = new PassThrough();
    const reading = readMessage(stream, 4);
    stream.write('abc');
    stream.end('def');
    expect(await reading).toEqual({ raw: null, size: 6 });
  });

  it('rejects when the stream is destroyed before its end', async () => {
    const stream = new PassThrough();
    const reading = readMessage(stream, 100);
    stream.write('abc');
    stream.destroy();
    await expect(reading).rejects.toThrow(/closed before the end/);
    const failing = new PassThrough();
    const failed = readMessage(failing, 100);
    failing.destroy(new Error('ECONNRESET'));
    await expect(failed).rejects.toThrow('ECONNRESET');
  });
});
