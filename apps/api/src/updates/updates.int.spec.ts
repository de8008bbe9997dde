import { ObjectId } from 'mongodb';
import type { MailboxDocument } from '@eider/mailstore';
import { CHANGE_NOTIFIER, REDIS_CLIENT, type ChangeNotifier } from '@eider/redis';
import type Redis from 'ioredis';
import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

interface ServerEvent {
  id?: string;
  event?: string;
  data?: Record<string, unknown>;
}

/** A live SSE connection read with fetch, parsed into events as they arrive. */
class EventStreamClient {
  readonly events: ServerEvent[] = [];
  comments = 0;
  private buffer = '';
  private readonly controller = new AbortController();
  private reading: Promise<void> = Promise.resolve();
  status = 0;
  contentType = '';

  async connect(url: string, headers: Record<string, string>): Promise<this> {
    const response = await fetch(url, { headers, signal: this.controller.signal });
    this.status = response.status;
    this.contentType = response.headers.get('content-type') ?? '';
    if (!response.body || response.status !== 200) {
      await response.body?.cancel();
      return this;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    this.reading = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          this.buffer += decoder.decode(value as Uint8Array, { stream: true });
          this.parse();
        }
      } catch {
        // Aborted by close().
      }
    })();
    return this;
  }

  async waitFor(predicate: (events: ServerEvent[]) => boolean, timeoutMs = 1000): Promise<number> {
    const started = Date.now();
    while (!predicate(this.events)) {
      if (Date.now() - started > timeoutMs) throw new Error(`no matching event within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return Date.now() - started;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.reading;
  }

  private parse(): void {
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: ServerEvent = {};
      let comment = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comment = true;
        else if (line.startsWith('id: ')) event.id = line.slice(4);
        else if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6)) as Record<string, unknown>;
      }
      if (event.data) this.events.push(event);
      else if (comment) this.comments += 1;
      end = this.buffer.indexOf('\n\n');
    }
  }
}

const rfc822 = (subject: string): Buffer =>
  Buffer.from(`From: a@example.test\r\nTo: b@example.test\r\nSubject: ${subject}\r\n\r\nHi.\r\n`);

describe('GET /users/:user/updates (Server-Sent Events)', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  let inbox: MailboxDocument;
  const clients: EventStreamClient[] = [];

  const connect = async (
    path: string,
    headers: Record<string, string> = { 'x-access-token': alice.token },
  ): Promise<EventStreamClient> => {
    const client = await new EventStreamClient().connect(api.baseUrl + path, headers);
    clients.push(client);
    return client;
  };
  const upload = async (subject: string): Promise<number> => {
    const response = await api.call(
      'POST',
      `/users/${alice.id}/mailboxes/${inbox._id.toHexString()}/messages`,
      {
        token: alice.token,
        body: rfc822(subject),
        contentType: 'message/rfc822',
      },
    );
    expect(response.status).toBe(200);
    return (response.body['message'] as { id: number }).id;
  };

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('sse');
    bob = await api.createUser('sseother');
    inbox = await api.store.mailboxes.getByPath(alice.user._id, 'INBOX');
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => api?.close());

  it('streams a new message as an EXISTS event within a second', async () => {
    const client = await connect(`/users/${alice.id}/updates`);
    expect(client.status).toBe(200);
    expect(client.contentType).toContain('text/event-stream');
    await client.waitFor(() => client.comments > 0);
    const uid = await upload('first');
    const latency = await client.waitFor((events) => events.some((event) => event.data?.['uid'] === uid));
    expect(latency).toBeLessThan(1000);
    const [event] = client.events;
    expect(event).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      event: 'exists',
      data: { command: 'EXISTS', mailbox: inbox._id.toHexString(), uid, modseq: expect.any(Number) },
    });
  });

  it('resumes after Last-Event-ID with only the later events, flags included', async () => {
    const first = await connect(`/users/${alice.id}/updates`);
    await first.waitFor(() => first.comments > 0);
    const seenUid = await upload('before disconnect');
    await first.waitFor((events) => events.some((event) => event.data?.['uid'] === seenUid));
    const lastId = first.events[first.events.length - 1]?.id ?? '';
    await first.close();

    const laterUid = await upload('while away');
    const flagged = await api.call(
      'PUT',
      `/users/${alice.id}/mailboxes/${inbox._id.toHexString()}/messages/${seenUid}`,
      {
        token: alice.token,
        json: { flagged: true },
      },
    );
    expect(flagged.status).toBe(200);

    const resumed = await connect(`/users/${alice.id}/updates`, {
      'x-access-token': alice.token,
      'last-event-id': lastId,
    });
    await resumed.waitFor((events) => events.some((event) => event.event === 'flags'));
    expect(resumed.events.map((event) => [event.event, event.data?.['uid']])).toEqual([
      ['exists', laterUid],
      ['flags', seenUid],
    ]);
    expect(resumed.events[1]?.data).toMatchObject({
      command: 'FETCH',
      flags: expect.arrayContaining(['\\Flagged']),
    });

    // The same resume point in the query string, with the token there too, as EventSource clients do.
    const viaQuery = await connect(
      `/users/${alice.id}/updates?lastEventId=${lastId}&accessToken=${alice.token}`,
      {},
    );
    await viaQuery.waitFor((events) => events.length >= 2);
    expect(viaQuery.events.map((event) => event.data?.['uid'])).toEqual([laterUid, seenUid]);
  });

  it('answers a stale Last-Event-ID with a reset event', async () => {
    const stale = ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 400 * 24 * 3600).toHexString();
    const client = await connect(`/users/${alice.id}/updates`, {
      'x-access-token': alice.token,
      'last-event-id': stale,
    });
    await client.waitFor((events) => events.length > 0);
    expect(client.events[0]).toMatchObject({ event: 'reset', data: { command: 'RESET', reason: 'expired' } });
  });

  it("refuses another user's stream, bad ids, no token and unknown users", async () => {
    const foreign = await connect(`/users/${alice.id}/updates`, { 'x-access-token': bob.token });
    expect(foreign.status).toBe(403);
    const anonymous = await connect(`/users/${alice.id}/updates`, {});
    expect(anonymous.status).toBe(401);
    const badCursor = await connect(`/users/${alice.id}/updates`, {
      'x-access-token': alice.token,
      'last-event-id': 'not-an-id',
    });
    expect(badCursor.status).toBe(400);
    const badQuery = await connect(`/users/${alice.id}/updates?lastEventId=zzz`);
    expect(badQuery.status).toBe(400);
    const unknown = await connect(`/users/${new ObjectId().toHexString()}/updates`, {
      'x-access-token': api.rootToken,
    });
    expect(unknown.status).toBe(404);
  });

  it("does not leak another user's changes into a stream", async () => {
    const client = await connect(`/users/${alice.id}/updates`);
    await client.waitFor(() => client.comments > 0);
    const bobInbox = await api.store.mailboxes.getByPath(bob.user._id, 'INBOX');
    await api.store.ingest.add(bobInbox, rfc822('for bob'));
    const uid = await upload('for alice');
    await client.waitFor((events) => events.some((event) => event.data?.['uid'] === uid));
    expect(client.events.every((event) => event.data?.['mailbox'] === inbox._id.toHexString())).toBe(true);
  });

  it('drops its Redis subscription when the client disconnects', async () => {
    const user = await api.createUser('ssegone');
    const channel = api.app.get<ChangeNotifier>(CHANGE_NOTIFIER).channelFor(user.id);
    const redis = api.app.get<Redis>(REDIS_CLIENT);
    const subscribers = async (): Promise<number> => {
      const reply = (await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
      return Number(reply[1]);
    };
    const client = await connect(`/users/${user.id}/updates`, { 'x-access-token': user.token });
    await client.waitFor(() => client.comments > 0);
    expect(await subscribers()).toBe(1);
    await client.close();
    const deadline = Date.now() + 2000;
    while ((await subscribers()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await subscribers()).toBe(0);
  });

  it('is listed in the OpenAPI document with the message write routes', async () => {
    const document = await api.call<{ paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/openapi.json',
    );
    expect(document.status).toBe(200);
    const paths = document.body.paths;
    expect(Object.keys(paths['/users/{user}/updates'] ?? {})).toContain('get');
    expect(Object.keys(paths['/users/{user}/mailboxes/{mailbox}/messages'] ?? {})).toEqual(
      expect.arrayContaining(['put', 'post', 'delete']),
    );
    expect(Object.keys(paths['/users/{user}/mailboxes/{mailbox}/messages/{message}'] ?? {})).toEqual(
      expect.arrayContaining(['put', 'delete']),
    );
  });
});
