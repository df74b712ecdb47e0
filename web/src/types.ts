/** The API's shapes as the console reads them (SPEC §6 and the routes in src/*\/*-routes.ts). */
export type Role = 'admin' | 'staff' | 'auditor' | 'patron';

export interface User {
  id: number;
  email: string;
  role: Role;
  name?: string | null;
  patronId?: number;
}

export interface LoginResult {
  token: string;
  user: User;
}

export interface Fund {
  id: number;
  code: string;
  name: string;
  restricted: boolean;
  capPerRecipientYear: string | null;
  closesOn: string | null;
  posted: string;
  pendingIn: string;
  pendingOut: string;
  available: string;
}

export type Status = 'posted' | 'pending' | 'voided';

export interface Donation {
  id: number;
  status: Status;
  amount: string;
  fundId: number;
  patronId: number | null;
  date: string;
  reference: string | null;
  note: string | null;
  entryId: number;
  postedEntryId: number | null;
  reversedByEntryId: number | null;
  createdBy: number | null;
  createdAt: string;
  fundAvailable?: string;
}

export interface Aid {
  id: number;
  status: Status;
  amount: string;
  recipientId: number;
  fundId: number;
  category: string;
  date: string;
  note: string | null;
  entryId: number;
  postedEntryId: number | null;
  reversedByEntryId: number | null;
  createdBy: number | null;
  createdAt: string;
  fundAvailable?: string;
}

export interface Recipient {
  id: number;
  iin: string | null;
  fullName: string | null;
  region: string;
  category: string | null;
  notes: string | null;
  createdAt: string;
  erasedAt: string | null;
}

export interface Patron {
  id: number;
  name: string | null;
  kind: 'individual' | 'organization';
  iin: string | null;
  bin: string | null;
  email: string | null;
  anonymous: boolean;
}

export interface Posting {
  accountCode: string;
  amount: string;
  fundId: number | null;
  patronId: number | null;
  recipientId: number | null;
}

export interface Entry {
  id: number;
  kind: string;
  status: Status;
  date: string;
  recordedAt: string;
  memo: string | null;
  reverses: number | null;
  pendingEntryId: number | null;
  hash: string;
  postings: Posting[];
}

export interface Verification {
  ok: boolean;
  entries: number;
  headHash: string;
  firstBadEntryId: number | null;
  problem?: string | null;
}

export interface Report<Row> {
  rows: Row[];
  totals: Record<string, string | number>;
  at?: string;
}

export interface PublicGroup {
  code: string;
  people: number;
  aidCount: number;
  total: string;
  name?: { kk: string; ru: string; en: string };
}

export interface PublicSummary {
  year: number | null;
  minimumGroupSize: number;
  totals: { donated: string; disbursed: string; aidCount: number; peopleHelped: number };
  regions: PublicGroup[];
  categories: PublicGroup[];
  months: PublicGroup[];
}

export interface Impact {
  patronId: number;
  funds: Array<{
    fundId: number;
    code: string;
    name: string;
    given: string;
    aid: {
      total: string;
      people: number;
      regions: Array<{ region: string; name: string; people: number; total: string }>;
    };
  }>;
}

/** The answer of POST /v1/statements (src/statements/statement-routes.ts). */
export interface StatementImport {
  rows?: number;
  booked: number;
  skipped: number;
  /** The rejected rows listed (the first thousand at most). */
  rejected: Array<{ line: number; reason: string }>;
  /** Every rejected row, also those beyond the listed ones. */
  rejectedCount?: number;
  totalKzt: string;
}
