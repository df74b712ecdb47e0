export type PatronKind = 'individual' | 'organization';

export interface Patron {
  id: number;
  /** Null once the patron's personal data has been erased. */
  name: string | null;
  kind: PatronKind;
  iin: string | null;
  bin: string | null;
  email: string | null;
  /** Shown as «Аноним» / "Anonymous" in every public or patron-facing output. */
  anonymous: boolean;
  createdAt: string;
  erasedAt: string | null;
}

export interface NewPatron {
  name: string;
  kind: PatronKind;
  iin?: string | undefined;
  bin?: string | undefined;
  email?: string | undefined;
  anonymous?: boolean | undefined;
}
