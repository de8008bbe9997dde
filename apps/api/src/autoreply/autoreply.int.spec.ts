import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

describe('autoreply API', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;

  const path = (user: TestUser) => `/users/${user.id}/autoreply`;

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('awaya');
    bob = await api.createUser('awayb');
  });
  afterAll(async () => api?.close());

  it('reports a disabled autoreply before anything is set', async () => {
    const response = await api.call('GET', path(alice), { token: alice.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      status: false,
      name: '',
      subject: '',
      text: '',
      html: '',
      start: false,
      end: false,
    });
  });

  it('sets, reads back, partially updates and deletes the autoreply', async () => {
    const set = await api.call('PUT', path(alice), {
      token: alice.token,
      json: {
        status: true,
        name: 'Alice Away',
        subject: 'Out of office',
        text: 'Back on Monday',
        start: '2030-01-01T00:00:00.000Z',
        end: '2030-01-10T00:00:00+02:00',
      },
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ success: true, id: alice.id });
    const read = await api.call('GET', path(alice), { token: alice.token });
    expect(read.body).toMatchObject({
      status: true,
      name: 'Alice Away',
      subject: 'Out of office',
      text: 'Back on Monday',
      start: '2030-01-01T00:00:00.000Z',
      end: '2030-01-09T22:00:00.000Z',
    });

    await api.call('PUT', path(alice), { token: alice.token, json: { end: false, subject: 'Away' } });
    const partial = await api.call('GET', path(alice), { token: alice.token });
    expect(partial.body).toMatchObject({ status: true, subject: 'Away', text: 'Back on Monday', end: false });

    expect((await api.call('DELETE', path(alice), { token: alice.token })).body).toEqual({ success: true });
    expect((await api.call('GET', path(alice), { token: alice.token })).body['status']).toBe(false);
  });

  it('sanitises the HTML on save', async () => {
    await api.call('PUT', path(alice), {
      token: alice.token,
      json: {
        status: true,
        html: '<p onclick="steal()">Away <b>now</b></p><script>alert(1)</script><a href="javascript:x()">x</a>',
      },
    });
    const html = (await api.call('GET', path(alice), { token: alice.token })).body['html'] as string;
    expect(html).toContain('<p>Away <b>now</b></p>');
    expect(html).not.toMatch(/script|onclick|javascript/i);
  });

  it('rejects bad input with 400 and changes nothing', async () => {
    await api.call('PUT', path(bob), { token: bob.token, json: { status: true, text: 'original' } });
    const cases: unknown[] = [
      { start: '2030-02-01T00:00:00Z', end: '2030-01-01T00:00:00Z' },
      { start: 'next tuesday' },
      { status: 'yes' },
      { subject: 'line\r\nBcc: victim@example.com' },
      { status: true, text: '', html: '' },
      { unknown: true },
    ];
    for (const json of cases) {
      const response = await api.call('PUT', path(bob), { token: bob.token, json });
      expect({ json, status: response.status, code: response.body['code'] }).toEqual({
        json,
        status: 400,
        code: 'InputValidationError',
      });
    }
    expect((await api.call('GET', path(bob), { token: bob.token })).body).toMatchObject({
      status: true,
      text: 'original',
      start: false,
    });
  });

  it("keeps users apart: another user's autoreply is 403 on every method", async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await api.call(method, path(bob), {
        token: alice.token,
        ...(method === 'PUT' ? { json: { status: false } } : {}),
      });
      expect({ method, status: response.status }).toEqual({ method, status: 403 });
    }
    expect((await api.call('GET', path(bob), { token: bob.token })).body['status']).toBe(true);
    expect((await api.call('GET', '/users/000000000000000000000000/autoreply')).status).toBe(404);
  });
});
