import type { Knex } from 'knex';
import type { Role } from '../auth/roles.js';

/** One journal entry with who wrote it, as the audit activity listing shows it. */
export interface ActivityRow {
  entryId: number;
  date: string;
  recordedAt: string;
  kind: string;
  status: string;
  /** Sum of the entry's debits in tiyn (an entry sums to zero; a void has no postings: 0). */
  amountTiyn: bigint;
  reversesEntryId: number | null;
  pendingEntryId: number | null;
  userId: number | null;
  userEmail: string | null;
  userRole: Role | null;
  requestId: string | null;
}

export interface ActivityFilter {
  from?: string | undefined;
  to?: string | undefined;
  userId?: number | undefined;
  beforeId?: number | undefined;
}

interface ActivityDatabaseRow {
  id: number | string;
  date: string;
  recorded_at: string;
  kind: string;
  status: string;
  amount_tiyn: string | number | null;
  reverses_entry_id: number | string | null;
  pending_entry_id: number | string | null;
  created_by: number | string | null;
  email: string | null;
  role: Role | null;
  request_id: string | null;
}

/** Entries joined to the users who made them, newest first; knex only. */
export class ActivityStore {
  async listNewestFirst(db: Knex, filter: ActivityFilter, limit: number): Promise<ActivityRow[]> {
    // The sum is cast to text in SQL so that no driver turns a large total into a float.
    const debits = db('postings')
      .whereRaw('postings.entry_id = entries.id')
      .andWhere('postings.amount_tiyn', '>', 0)
      .select(db.raw('CAST(COALESCE(SUM(postings.amount_tiyn), 0) AS TEXT)'));
    const query = db('entries')
      .leftJoin('users', 'users.id', 'entries.created_by')
      .select(
        'entries.id',
        'entries.date',
        'entries.recorded_at',
        'entries.kind',
        'entries.status',
        'entries.reverses_entry_id',
        'entries.pending_entry_id',
        'entries.created_by',
        'entries.request_id',
        'users.email',
        'users.role',
        debits.as('amount_tiyn'),
      )
      .orderBy('entries.id', 'desc')
      .limit(limit);
    if (filter.beforeId !== undefined) query.where('entries.id', '<', filter.beforeId);
    if (filter.from !== undefined) query.where('entries.date', '>=', filter.from);
    if (filter.to !== undefined) query.where('entries.date', '<=', filter.to);
    if (filter.userId !== undefined) query.where('entries.created_by', filter.userId);
    const rows: ActivityDatabaseRow[] = await query;
    return rows.map(toActivityRow);
  }
}

function optionalNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

function toActivityRow(row: ActivityDatabaseRow): ActivityRow {
  return {
    entryId: Number(row.id),
    date: row.date,
    recordedAt: row.recorded_at,
    kind: row.kind,
    status: row.status,
    amountTiyn: BigInt(row.amount_tiyn ?? 0),
    reversesEntryId: optionalNumber(row.reverses_entry_id),
    pendingEntryId: optionalNumber(row.pending_entry_id),
    userId: optionalNumber(row.created_by),
    userEmail: row.email,
    userRole: row.role,
    requestId: row.request_id,
  };
}
