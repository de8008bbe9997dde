import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

interface AddressView {
  id: string;
  address: string;
  main: boolean;
}

describe('addresses API', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  const run = randomBytes(4).toString('hex');
  const domain = `a${run}.example`;

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('aalice');
    bob = await api.createUser('abob');
  });
  afterAll(async () => api?.close());

  const listFor = async (user: TestUser) =>
    (await api.call('GET', `/users/${user.id}/addresses`, { token: user.token })).body[
      'results'
    ] as AddressView[];

  it('makes the first address main, adds more, switches main and protects the main address', async () => {
    const created = await api.call('POST', '/users', {
      json: { username: `bare-${run}`, password: 'secret-pass' },
    });
    const id = created.body['id'] as string;
    expect((await api.call('GET', `/users/${id}/addresses`)).body['results']).toEqual([]);

    const first = await api.call('POST', `/users/${id}/addresses`, { json: { address: `one@${domain}` } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ success: true, id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    const second = await api.call('POST', `/users/${id}/addresses`, { json: { address: `Two@${domain}` } });
    const results = (await api.call('GET', `/users/${id}/addresses`)).body['results'] as AddressView[];
    expect(results).toEqual([
      { id: first.body['id'], address: `one@${domain}`, main: true, created: expect.any(String) },
      { id: second.body['id'], address: `two@${domain}`, main: false, created: expect.any(String) },
    ]);
    expect((await api.call('GET', `/users/${id}`)).body['address']).toBe(`one@${domain}`);

    const refused = await api.call('DELETE', `/users/${id}/addresses/${first.body['id'] as string}`);
    expect([refused.status, refused.body['code']]).toEqual([400, 'InputValidationError']);

    const switched = await api.call('PUT', `/users/${id}/addresses/${second.body['id'] as string}`, {
      json: { main: true },
    });
    expect(switched.status).toBe(200);
    const one = await api.call('GET', `/users/${id}/addresses/${first.body['id'] as string}`);
    expect(one.body).toMatchObject({ success: true, address: `one@${domain}`, main: false });
    expect((await api.call('GET', `/users/${id}`)).body['address']).toBe(`two@${domain}`);

    expect((await api.call('DELETE', `/users/${id}/addresses/${first.body['id'] as string}`)).status).toBe(
      200,
    );
    // The last address may go, main or not.
    expect((await api.call('DELETE', `/users/${id}/addresses/${second.body['id'] as string}`)).status).toBe(
      200,
    );
    expect((await api.call('GET', `/users/${id}/addresses`)).body['results']).toEqual([]);

    const third = await api.call('POST', `/users/${id}/addresses`, {
      json: { address: `three@${domain}`, main: false },
    });
    const fourth = await api.call('POST', `/users/${id}/addresses`, {
      json: { address: `four@${domain}`, main: true },
    });
    const after = (await api.call('GET', `/users/${id}/addresses`)).body['results'] as AddressView[];
    expect(after.map((address) => [address.id, address.main])).toEqual([
      [third.body['id'], false],
      [fourth.body['id'], true],
    ]);
  });

  it('stores internationalised addresses once, whether given in Unicode or punycode', async () => {
    const local = `андрис${run}`;
    const added = await api.call('POST', `/users/${alice.id}/addresses`, {
      token: alice.token,
      json: { address: `${local.toUpperCase()}@уайлддак.орг` },
    });
    expect(added.status).toBe(200);
    const stored = await api.call('GET', `/users/${alice.id}/addresses/${added.body['id'] as string}`);
    expect(stored.body['address']).toBe(`${local}@уайлддак.орг`);

    const duplicate = await api.call('POST', `/users/${bob.id}/addresses`, {
      token: bob.token,
      json: { address: `${local}@xn--80aalaxjd5d.xn--c1avg` },
    });
    expect([duplicate.status, duplicate.body['code']]).toEqual([409, 'AddressExistsError']);

    for (const form of [
      `${local}@уайлддак.орг`,
      `${local}@xn--80aalaxjd5d.xn--c1avg`,
      `${local}+tag@уайлддак.орг`,
    ]) {
      const resolved = await api.call('GET', `/addresses/resolve/${encodeURIComponent(form)}`);
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({
        success: true,
        id: added.body['id'],
        address: `${local}@уайлддак.орг`,
        user: alice.id,
      });
    }
    const byLogin = await api.call(
      'GET',
      `/users/resolve/${encodeURIComponent(`${local}@xn--80aalaxjd5d.xn--c1avg`)}`,
    );
    expect(byLogin.body['id']).toBe(alice.id);
    const login = await api.call('POST', '/authenticate', {
      token: null,
      json: { username: `${local}@xn--80aalaxjd5d.xn--c1avg`, password: alice.password },
    });
    expect(login.status).toBe(200);
  });

  it('scopes address ids to the path user and refuses other users', async () => {
    const bobs = await listFor(bob);
    const bobAddress = bobs[0]!.id;
    // Bob's address id under Alice's own path is simply not there, and nothing changes.
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const response = await api.call(method, `/users/${alice.id}/addresses/${bobAddress}`, {
        token: alice.token,
        ...(method === 'PUT' ? { json: { main: true } } : {}),
      });
      expect([method, response.status, response.body['code']]).toEqual([method, 404, 'AddressNotFound']);
    }
    expect(await listFor(bob)).toEqual(bobs);
    for (const [method, path] of [
      ['GET', `/users/${bob.id}/addresses`],
      ['POST', `/users/${bob.id}/addresses`],
      ['GET', `/users/${bob.id}/addresses/${bobAddress}`],
      ['DELETE', `/users/${bob.id}/addresses/${bobAddress}`],
    ] as const) {
      const response = await api.call(method, path, {
        token: alice.token,
        ...(method === 'POST' ? { json: { address: `steal@${domain}` } } : {}),
      });
      expect([path, response.status]).toEqual([path, 403]);
    }
    for (const [method, path] of [
      ['GET', '/addresses'],
      ['GET', `/addresses/resolve/x@${domain}`],
      ['POST', '/addresses/forwarded'],
      ['GET', '/domainaliases'],
      ['POST', '/domainaliases'],
    ] as const) {
      const response = await api.call(method, path, {
        token: alice.token,
        ...(method === 'POST' ? { json: {} } : {}),
      });
      expect([path, response.status]).toEqual([path, 403]);
    }
  });

  it('validates input and answers unknown ids with 404', async () => {
    const missing = new ObjectId().toHexString();
    expect((await api.call('GET', `/users/${alice.id}/addresses/${missing}`)).status).toBe(404);
    expect((await api.call('GET', `/users/${alice.id}/addresses/nope`)).status).toBe(400);
    expect((await api.call('GET', `/users/${missing}/addresses`)).status).toBe(404);
    expect(
      (await api.call('POST', `/users/${missing}/addresses`, { json: { address: `x@${domain}` } })).status,
    ).toBe(404);
    for (const json of [
      { address: 'no-at-sign' },
      { address: 5 },
      { address: `x@${domain}`, extra: 1 },
      {},
    ]) {
      const response = await api.call('POST', `/users/${alice.id}/addresses`, { json });
      expect([JSON.stringify(json), response.status]).toEqual([JSON.stringify(json), 400]);
    }
    const readonly = (await api.call('POST', `/users/${alice.id}/tokens`, { json: { role: 'readonly' } }))
      .body['token'] as string;
    expect((await api.call('GET', `/users/${alice.id}/addresses`, { token: readonly })).status).toBe(200);
    const write = await api.call('POST', `/users/${alice.id}/addresses`, {
      token: readonly,
      json: { address: `ro@${domain}` },
    });
    expect(write.status).toBe(403);
  });

  it('manages forwarded addresses and resolves them', async () => {
    const created = await api.call('POST', '/addresses/forwarded', {
      json: { address: `fwd@${domain}`, targets: ['Elsewhere@Example.net', 'https://hooks.example/in'] },
    });
    expect(created.status).toBe(200);
    const id = created.body['id'] as string;
    const got = await api.call('GET', `/addresses/forwarded/${id}`);
    expect(got.body).toMatchObject({
      success: true,
      id,
      address: `fwd@${domain}`,
      targets: ['elsewhere@example.net', 'https://hooks.example/in'],
    });
    expect((await api.call('GET', `/addresses/resolve/fwd@${domain}`)).body).toMatchObject({
      id,
      targets: ['elsewhere@example.net', 'https://hooks.example/in'],
    });
    const updated = await api.call('PUT', `/addresses/forwarded/${id}`, {
      json: { targets: ['new@example.net'] },
    });
    expect(updated.status).toBe(200);
    expect((await api.call('GET', `/addresses/forwarded/${id}`)).body['targets']).toEqual([
      'new@example.net',
    ]);
    expect((await api.call('PUT', `/addresses/forwarded/${id}`, { json: { targets: [] } })).status).toBe(400);
    expect(
      (
        await api.call('POST', '/addresses/forwarded', {
          json: { address: `fwd@${domain}`, targets: ['a@b.example'] },
        })
      ).status,
    ).toBe(409);
    // A user address id is not a forwarded address.
    const userAddress = (await listFor(alice))[0]!.id;
    expect((await api.call('GET', `/addresses/forwarded/${userAddress}`)).status).toBe(404);
    expect((await api.call('DELETE', `/addresses/forwarded/${id}`)).status).toBe(200);
    expect((await api.call('GET', `/addresses/forwarded/${id}`)).status).toBe(404);
    expect((await api.call('GET', `/addresses/resolve/fwd@${domain}`)).status).toBe(404);
    expect((await api.call('GET', '/addresses/resolve/not%20an%20address')).status).toBe(400);
  });

  it('lists all addresses with a query and cursor paging', async () => {
    const user = await api.createUser('alist');
    for (let i = 0; i < 3; i++)
      await api.call('POST', `/users/${user.id}/addresses`, {
        json: { address: `list${i}@l${run}.example` },
      });
    const first = await api.call('GET', `/addresses?query=l${run}.example&limit=2`);
    expect(first.body).toMatchObject({ success: true, total: 3, previousCursor: false });
    const rows = first.body['results'] as { address: string; user: string }[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ address: `list0@l${run}.example`, user: user.id, forwarded: false });
    const next = await api.call(
      'GET',
      `/addresses?query=l${run}.example&limit=2&next=${first.body['nextCursor'] as string}`,
    );
    expect((next.body['results'] as { address: string }[]).map((row) => row.address)).toEqual([
      `list2@l${run}.example`,
    ]);
    expect(next.body['nextCursor']).toBe(false);
    const back = await api.call(
      'GET',
      `/addresses?query=l${run}.example&limit=2&previous=${next.body['previousCursor'] as string}`,
    );
    expect(back.body['results']).toEqual(first.body['results']);
  });

  it('manages domain aliases, which resolution then follows', async () => {
    const alias = `alias${run}.example`;
    const created = await api.call('POST', '/domainaliases', { json: { alias, domain } });
    expect(created.body).toEqual({ success: true, id: alias });
    expect((await api.call('POST', '/domainaliases', { json: { alias, domain } })).status).toBe(409);
    expect((await api.call('POST', '/domainaliases', { json: { alias: 'bad domain', domain } })).status).toBe(
      400,
    );
    expect((await api.call('GET', `/domainaliases/${alias}`)).body).toMatchObject({
      success: true,
      alias,
      domain,
    });
    expect((await api.call('GET', `/domainaliases/resolve/${alias}`)).body).toEqual({
      success: true,
      id: alias,
    });
    const listed = await api.call('GET', `/domainaliases?query=${run}`);
    expect(listed.body['results']).toEqual([expect.objectContaining({ alias, domain })]);

    await api.call('POST', `/users/${bob.id}/addresses`, { json: { address: `bob@${domain}` } });
    const resolved = await api.call('GET', `/addresses/resolve/bob@${alias}`);
    expect(resolved.body).toMatchObject({ address: `bob@${domain}`, user: bob.id });

    expect((await api.call('DELETE', `/domainaliases/${alias}`)).status).toBe(200);
    expect((await api.call('GET', `/domainaliases/${alias}`)).status).toBe(404);
    expect((await api.call('GET', `/addresses/resolve/bob@${alias}`)).status).toBe(404);
  });
});
