import { parseEiderArgs } from './eider-args.parser';

describe('parseEiderArgs', () => {
  it('parses user create with its options', () => {
    expect(
      parseEiderArgs(['user', 'create', 'alice', '--password', 'pw12345678', '--address', 'a@example.com']),
    ).toEqual({ kind: 'user-create', username: 'alice', password: 'pw12345678', address: 'a@example.com' });
    expect(
      parseEiderArgs(['user', 'create', 'bob', '--password=x', '--quota', '1024', '--name', 'Bob']),
    ).toEqual({
      kind: 'user-create',
      username: 'bob',
      password: 'x',
      quota: 1024,
      name: 'Bob',
    });
  });

  it('parses the other commands', () => {
    expect(parseEiderArgs(['user', 'list'])).toEqual({ kind: 'user-list' });
    expect(parseEiderArgs(['user', 'list', '--query', 'ali'])).toEqual({ kind: 'user-list', query: 'ali' });
    expect(parseEiderArgs(['user', 'delete', 'alice'])).toEqual({ kind: 'user-delete', username: 'alice' });
    expect(parseEiderArgs(['address', 'add', 'alice', 'андрис@уайлддак.орг', '--main'])).toEqual({
      kind: 'address-add',
      username: 'alice',
      address: 'андрис@уайлддак.орг',
      main: true,
    });
    expect(parseEiderArgs(['address', 'list', 'alice'])).toEqual({ kind: 'address-list', username: 'alice' });
    expect(parseEiderArgs(['token', 'create', 'alice', '--readonly', '--ttl', '600'])).toEqual({
      kind: 'token-create',
      username: 'alice',
      readonly: true,
      ttlSeconds: 600,
    });
    expect(parseEiderArgs(['token', 'create', 'alice'])).toEqual({
      kind: 'token-create',
      username: 'alice',
      readonly: false,
    });
  });

  it('asks for help with no arguments or --help', () => {
    expect(parseEiderArgs([])).toEqual({ kind: 'help' });
    expect(parseEiderArgs(['user', 'create', '--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['user', 'rename', 'a'], /unknown command: user rename/],
    [['frobnicate'], /unknown command/],
    [['user', 'create', 'alice'], /--password/],
    [['user', 'create'], /needs <username>/],
    [['address', 'add', 'alice'], /needs <username> <address>/],
    [['user', 'delete', 'alice', 'bob'], /unexpected argument: bob/],
    [['user', 'delete', 'alice', '--main'], /does not take --main/],
    [['token', 'create', 'alice', '--root'], /Unknown option '--root'/],
    [['token', 'create', 'alice', '--ttl', '5'], /--ttl must be a whole number of at least 60/],
    [['token', 'create', 'alice', '--ttl', 'soon'], /--ttl/],
    [['user', 'create', 'a', '--password', 'p', '--quota', '-1'], /--quota/],
    [['user', 'create', 'a', '--password'], /argument missing/],
  ])('rejects %j', (args, message) => {
    const result = parseEiderArgs(args);
    expect(result).toEqual({ error: expect.stringMatching(message) });
  });
});
