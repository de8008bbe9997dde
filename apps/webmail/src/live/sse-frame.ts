// Server-Sent Events framing for /api/live. Pure so the wire format is unit-tested.

const LINE_BREAK = /\r\n|\r|\n/;

/** Cursors are opaque to us but must stay one header-safe line; anything else is not a resume point. */
const CURSOR = /^[\w+/=:.-]{1,512}$/;

/**
 * One event. Each line of `data` becomes its own `data:` field, so a value holding line breaks cannot end the
 * event early or smuggle in fields. An `id` that could do the same is dropped; `''` clears the browser's
 * Last-Event-ID, which is how a bad resume point is forgotten.
 */
export const sseEvent = (data: string, id?: string, event?: string): string => {
  const fields: string[] = [];
  if (event !== undefined && !LINE_BREAK.test(event)) fields.push(`event: ${event}`);
  if (id !== undefined && !LINE_BREAK.test(id) && !id.includes('\0'))
    fields.push(id === '' ? 'id' : `id: ${id}`);
  for (const line of data.split(LINE_BREAK)) fields.push(`data: ${line}`);
  return `${fields.join('\n')}\n\n`;
};

/** A comment line: ignored by EventSource, but it keeps proxies and idle timers from closing the stream. */
export const sseComment = (text: string): string => `: ${text.replace(/\r\n|\r|\n/g, ' ')}\n\n`;

/** How long the browser waits before reconnecting after the stream ends. */
export const sseRetry = (milliseconds: number): string =>
  `retry: ${Math.max(0, Math.round(milliseconds))}\n\n`;

/** The cursor to resume after: the browser's Last-Event-ID on a reconnect, else `?after=`; invalid ones are ignored. */
export const resumeCursor = (lastEventId: string | null, afterParam: string | null): string | undefined => {
  for (const candidate of [lastEventId, afterParam]) {
    const value = candidate?.trim();
    if (value && CURSOR.test(value)) return value;
  }
  return undefined;
};
