import { ValidationError } from '../errors/validation-error.js';

/**
 * Lists are paged newest first with an opaque cursor: the base64url of the last id seen. The next
 * page holds ids below it, so pages stay stable while new records arrive.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  /** Return records with ids below this one; undefined for the first page. */
  beforeId: number | undefined;
  limit: number;
}

export function pageRequest(query: { cursor?: string | undefined; limit: number }): PageRequest {
  if (query.cursor === undefined) return { beforeId: undefined, limit: query.limit };
  let beforeId: unknown;
  try {
    beforeId = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')).before;
  } catch {
    beforeId = undefined;
  }
  if (typeof beforeId !== 'number' || !Number.isSafeInteger(beforeId) || beforeId < 1) {
    throw new ValidationError('cursor is not one this server gave out', { field: 'cursor' });
  }
  return { beforeId, limit: query.limit };
}

/** Builds a page from up to limit + 1 rows fetched newest first: the extra row says there is more. */
export function pageOf<T>(rows: T[], request: PageRequest, idOf: (row: T) => number): Page<T> {
  const items = rows.slice(0, request.limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > request.limit && last !== undefined
      ? Buffer.from(JSON.stringify({ before: idOf(last) }), 'utf8').toString('base64url')
      : null;
  return { items, nextCursor };
}
