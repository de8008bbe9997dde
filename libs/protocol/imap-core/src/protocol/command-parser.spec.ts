import { literalMarkerAtEnd, parseCommand, type RawCommand } from './command-parser';
import { ImapSyntaxError, isNil } from './command-tokens';

const limits = { maxDepth: 8 };
const raw = (lines: string[], literals: string[] = []): RawCommand => ({
  lines: lines.map((l) => Buffer.from(l, 'latin1')),
  literals: literals.map((l) => Buffer.from(l, 'latin1')),
});

describe('parseCommand', () => {
  it('parses tag, command and typed arguments', () => {
    const cmd = parseCommand(raw(['a1 login "jo\\"e" NIL']), limits);
    expect(cmd.tag).toBe('a1');
    expect(cmd.command).toBe('LOGIN');
    expect(cmd.args[0]).toEqual({
      type: 'string',
      value: Buffer.from('jo"e'),
      literal: false,
      binary: false,
    });
    // NIL is an atom; only where nil is allowed does it mean nil.
    expect(cmd.args[1]).toEqual({ type: 'atom', value: 'NIL' });
  });

  it('parses nested lists and section atoms with spaces', () => {
    const cmd = parseCommand(
      raw(['t FETCH 1:*,5 (FLAGS BODY.PEEK[HEADER.FIELDS (From To)]<0.10> (X))']),
      limits,
    );
    expect(cmd.args[0]).toEqual({ type: 'atom', value: '1:*,5' });
    const list = cmd.args[1];
    expect(list?.type).toBe('list');
    if (list?.type !== 'list') return;
    expect(list.items.map((i) => i.type)).toEqual(['atom', 'atom', 'list']);
    expect(list.items[1]).toEqual({ type: 'atom', value: 'BODY.PEEK[HEADER.FIELDS (From To)]<0.10>' });
  });

  it('joins literals (sync, non-sync and literal8) into the token tree', () => {
    const cmd = parseCommand(raw(['a LOGIN {3}', ' {4+}', ''], ['bob', 'p w\r']), limits);
    expect(cmd.args.map((a) => (a.type === 'string' ? a.value.toString() : null))).toEqual(['bob', 'p w\r']);
    const bin = parseCommand(raw(['a APPEND INBOX ~{2}', ''], ['\0\x01']), limits);
    expect(bin.args[1]).toMatchObject({ type: 'string', literal: true, binary: true });
  });

  it('accepts literals inside lists', () => {
    const cmd = parseCommand(raw(['a X ({1}', ' b)'], ['a']), limits);
    expect(cmd.args[0]).toMatchObject({
      type: 'list',
      items: [{ type: 'string' }, { type: 'atom', value: 'b' }],
    });
  });

  it('takes [ and ] as ordinary atom characters outside a FETCH section', () => {
    const name = "!#$&'+,-.0123456789:;<=>?@^_`|[}";
    expect(parseCommand(raw([`a SELECT ${name}`]), limits).args).toEqual([{ type: 'atom', value: name }]);
    expect(parseCommand(raw([`a LIST "" ${name}%*`]), limits).args[1]).toEqual({
      type: 'atom',
      value: `${name}%*`,
    });
    expect(parseCommand(raw(['a SELECT a]b[c d']), limits).args).toEqual([
      { type: 'atom', value: 'a]b[c' },
      { type: 'atom', value: 'd' },
    ]);
    // A section still swallows spaces and parens, and must be closed.
    expect(parseCommand(raw(['a FETCH 1 binary.peek[1 ]']), limits).args[1]).toEqual({
      type: 'atom',
      value: 'binary.peek[1 ]',
    });
    expect(() => parseCommand(raw(['a FETCH 1 BODY[HEADER.FIELDS (A']), limits)).toThrow(
      /Unterminated section/,
    );
  });

  it('parses NIL as an atom that isNil recognises', () => {
    const args = parseCommand(raw(['a SEARCH SUBJECT NIL nil "NIL"']), limits).args;
    expect(args.slice(1, 3)).toEqual([
      { type: 'atom', value: 'NIL' },
      { type: 'atom', value: 'nil' },
    ]);
    expect(args.map(isNil)).toEqual([false, true, true, false]);
  });

  it.each([
    ['missing command', 'a'],
    ['bad tag', 'a+ NOOP'],
    ['unterminated quote', 'a LOGIN "abc'],
    ['unterminated list', 'a X (a b'],
    ['stray close paren', 'a X a)'],
    ['double space', 'a X  b'],
    ['trailing space', 'a NOOP '],
    ['8-bit atom', 'a SELECT \xe4'],
    ['bad escape', 'a X "a\\b"'],
  ])('rejects %s', (_name, line) => {
    expect(() => parseCommand(raw([line]), limits)).toThrow(ImapSyntaxError);
  });

  it('limits nesting depth without recursing deeply', () => {
    const deep = `a X ${'('.repeat(10_000)}${')'.repeat(10_000)}`;
    expect(() => parseCommand(raw([deep]), limits)).toThrow(/nested/);
    expect(() => parseCommand(raw([`a X ${'('.repeat(8)}${')'.repeat(8)}`]), limits)).not.toThrow();
  });

  it('recognises literal markers', () => {
    expect(literalMarkerAtEnd(Buffer.from('a APPEND X {12}'))).toEqual({
      size: 12,
      nonSync: false,
      binary: false,
    });
    expect(literalMarkerAtEnd(Buffer.from('a APPEND X ~{5+}'))).toEqual({
      size: 5,
      nonSync: true,
      binary: true,
    });
    expect(literalMarkerAtEnd(Buffer.from('a APPEND X {99999999999999999999}'))?.size).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(literalMarkerAtEnd(Buffer.from('a X {}'))).toBeNull();
    expect(literalMarkerAtEnd(Buffer.from('a X }'))).toBeNull();
  });
});
