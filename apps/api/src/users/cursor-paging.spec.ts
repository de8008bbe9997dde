import { ObjectId } from 'mongodb';
import { ApiError } from '../common/api-error';
import {
  PagedQuerySchema,
  decodeCursor,
  encodeCursor,
  objectIdWindow,
  pagedResponse,
  stringWindow,
} from './cursor-paging';

describe('cursor paging', () => {
  const query = (input: Record<string, string>) => PagedQuerySchema.parse(input);

  it('round-trips cursors and keeps them opaque', () => {
    const id = new ObjectId();
    const cursor = encodeCursor(id.toHexString());
    expect(cursor).not.toContain(id.toHexString());
    expect(decodeCursor(cursor, 'next')).toBe(id.toHexString());
    expect(objectIdWindow(query({ next: cursor }))).toEqual({ limit: 20, after: id });
    expect(objectIdWindow(query({ previous: cursor, limit: '5' }))).toEqual({ limit: 5, before: id });
    expect(stringWindow(query({ next: encodeCursor('alias.example') }))).toEqual({
      limit: 20,
      after: 'alias.example',
    });
  });

  it('refuses forged or mixed cursors as bad input', () => {
    expect(() => objectIdWindow(query({ next: 'garbage' }))).toThrow(ApiError);
    expect(() => objectIdWindow(query({ next: encodeCursor('not-an-id') }))).toThrow(/next/);
    const cursor = encodeCursor(new ObjectId().toHexString());
    expect(() => objectIdWindow(query({ next: cursor, previous: cursor }))).toThrow(/either/);
  });

  it('coerces and bounds the query string', () => {
    expect(query({})).toEqual({ limit: 20, page: 1 });
    expect(PagedQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(PagedQuerySchema.safeParse({ limit: '251' }).success).toBe(false);
    expect(PagedQuerySchema.safeParse({ other: 'x' }).success).toBe(false);
  });

  it('answers missing cursors with false, as WildDuck clients expect', () => {
    const id = new ObjectId();
    const response = pagedResponse(
      query({ query: 'a' }),
      { total: 1, results: [1], next: id, previous: null },
      (n) => n * 2,
    );
    expect(response).toEqual({
      success: true,
      query: 'a',
      total: 1,
      page: 1,
      previousCursor: false,
      nextCursor: encodeCursor(id.toHexString()),
      results: [2],
    });
  });
});
