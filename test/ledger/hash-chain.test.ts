// Proves that an entry's hash is a deterministic SHA-256 that changes when any hashed field changes.
import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalEntry, GENESIS_HASH, type HashedContent, hashEntry } from '../../src/ledger/hash-chain.js';
import type { EntryStatus, Posting } from '../../src/ledger/ledger-types.js';
import { Money, parseAmount } from '../../src/money/money.js';

const HEX_64 = /^[0-9a-f]{64}$/;

/** A two-posting donation with every optional field filled, built afresh on each call. */
function baseEntry(): HashedContent {
  return {
    id: 7,
    prevHash: 'a'.repeat(64),
    kind: 'donation',
    status: 'posted',
    date: '2026-11-25',
    recordedAt: '2026-11-25T10:15:00.000Z',
    memo: 'Winter appeal',
    reversesEntryId: 3,
    pendingEntryId: 5,
    createdBy: 11,
    requestId: 'req-0001',
    postings: [
      {
        accountId: 1,
        accountCode: 'assets:funds:general',
        amount: parseAmount('1500.50'),
        fundId: 1,
        patronId: 21,
        recipientId: 31,
      },
      {
        accountId: 2,
        accountCode: 'income:donations',
        amount: parseAmount('1500.50').negated(),
        fundId: 1,
        patronId: 21,
        recipientId: 31,
      },
    ],
  };
}

/** The base entry with its first posting changed by `change`. */
function withFirstPosting(change: Partial<Posting>): HashedContent {
  const entry = baseEntry();
  const [first, ...rest] = entry.postings;
  return { ...entry, postings: [{ ...(first as Posting), ...change }, ...rest] };
}

const extraPosting: Posting = {
  accountId: 3,
  accountCode: 'expenses:aid:food',
  amount: Money.fromTiyn(0n),
  fundId: null,
  patronId: null,
  recipientId: null,
};

const hashedEntryArbitrary: fc.Arbitrary<HashedContent> = fc.record({
  id: fc.integer({ min: 1, max: 2_000_000_000 }),
  prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
  kind: fc.stringMatching(/^[a-z][a-z-]{0,31}$/),
  status: fc.constantFrom<EntryStatus>('posted', 'pending', 'voided'),
  date: fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((instant) => instant.toISOString().slice(0, 10)),
  recordedAt: fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((instant) => instant.toISOString()),
  memo: fc.option(fc.string({ maxLength: 500 }), { nil: null }),
  reversesEntryId: fc.option(fc.integer({ min: 1, max: 2_000_000_000 }), { nil: null }),
  pendingEntryId: fc.option(fc.integer({ min: 1, max: 2_000_000_000 }), { nil: null }),
  createdBy: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
  requestId: fc.option(fc.uuid(), { nil: null }),
  postings: fc.array(
    fc.record({
      accountId: fc.integer({ min: 1, max: 1_000_000 }),
      accountCode: fc.stringMatching(/^[a-z]+(?::[a-z-]+){0,3}$/),
      amount: fc
        .bigInt({ min: -100_000_000_000_000n, max: 100_000_000_000_000n })
        .map((tiyn) => Money.fromTiyn(tiyn)),
      fundId: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
      patronId: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
      recipientId: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
    }),
    { minLength: 1, maxLength: 20 },
  ),
});

describe('hash chain', () => {
  it('GENESIS_HASH — read — 64 zeros', () => {
    expect(GENESIS_HASH).to.equal('0'.repeat(64));
  });

  it('hashEntry — an entry — 64 lower-case hex characters', () => {
    expect(hashEntry(baseEntry())).to.match(HEX_64);
  });

  it('hashEntry — the same content built twice — the same hash', () => {
    expect(hashEntry(baseEntry())).to.equal(hashEntry(baseEntry()));
    expect(canonicalEntry(baseEntry())).to.equal(canonicalEntry(baseEntry()));
  });

  it('hashEntry — an amount from parsing or from stored tiyn — the same hash', () => {
    const fromStorage = withFirstPosting({ amount: Money.fromTiyn('150050') });
    expect(hashEntry(fromStorage)).to.equal(hashEntry(baseEntry()));
  });

  it('hashEntry — a stored hash field present on the entry — ignored, the same hash', () => {
    const stored = { ...baseEntry(), hash: 'f'.repeat(64) };
    expect(hashEntry(stored)).to.equal(hashEntry(baseEntry()));
  });

  it('hashEntry — any random entry, hashed twice and after a copy — the same 64-hex hash', () => {
    fc.assert(
      fc.property(hashedEntryArbitrary, (entry) => {
        const copy: HashedContent = { ...entry, postings: entry.postings.map((posting) => ({ ...posting })) };
        const hash = hashEntry(entry);
        expect(hash).to.match(HEX_64);
        expect(hashEntry(entry)).to.equal(hash);
        expect(hashEntry(copy)).to.equal(hash);
      }),
    );
  });

  describe('hashEntry — one entry field changed', () => {
    const changes: Array<[string, (entry: HashedContent) => HashedContent]> = [
      ['id changed', (entry) => ({ ...entry, id: 8 })],
      ['prevHash changed', (entry) => ({ ...entry, prevHash: `${'a'.repeat(63)}b` })],
      ['prevHash set to the genesis hash', (entry) => ({ ...entry, prevHash: GENESIS_HASH })],
      ['kind changed', (entry) => ({ ...entry, kind: 'aid' })],
      ['status from posted to pending', (entry) => ({ ...entry, status: 'pending' })],
      ['status from posted to voided', (entry) => ({ ...entry, status: 'voided' })],
      ['date changed', (entry) => ({ ...entry, date: '2026-11-26' })],
      [
        'recordedAt changed by one millisecond',
        (entry) => ({ ...entry, recordedAt: '2026-11-25T10:15:00.001Z' }),
      ],
      ['memo changed', (entry) => ({ ...entry, memo: 'Winter appeal.' })],
      ['memo set to null', (entry) => ({ ...entry, memo: null })],
      ['memo set to the empty string', (entry) => ({ ...entry, memo: '' })],
      ['memo set to the text "null"', (entry) => ({ ...entry, memo: 'null' })],
      ['reversesEntryId changed', (entry) => ({ ...entry, reversesEntryId: 4 })],
      ['reversesEntryId set to null', (entry) => ({ ...entry, reversesEntryId: null })],
      ['pendingEntryId changed', (entry) => ({ ...entry, pendingEntryId: 6 })],
      ['pendingEntryId set to null', (entry) => ({ ...entry, pendingEntryId: null })],
      ['createdBy changed', (entry) => ({ ...entry, createdBy: 12 })],
      ['createdBy set to null', (entry) => ({ ...entry, createdBy: null })],
      ['requestId changed', (entry) => ({ ...entry, requestId: 'req-0002' })],
      ['requestId set to null', (entry) => ({ ...entry, requestId: null })],
      [
        'reversesEntryId and pendingEntryId swapped',
        (entry) => ({
          ...entry,
          reversesEntryId: entry.pendingEntryId,
          pendingEntryId: entry.reversesEntryId,
        }),
      ],
      [
        'text moved from memo into requestId',
        (entry) => ({ ...entry, memo: 'Winter', requestId: ` appeal${entry.requestId}` }),
      ],
    ];
    for (const [field, change] of changes) {
      it(`hashEntry — entry ${field} — a different hash`, () => {
        const entry = baseEntry();
        expect(hashEntry(change(entry))).not.to.equal(hashEntry(entry));
      });
    }
  });

  describe('hashEntry — one posting changed', () => {
    const changes: Array<[string, () => HashedContent]> = [
      ['accountCode changed', () => withFirstPosting({ accountCode: 'assets:funds:winter' })],
      ['amount changed by one tiyn', () => withFirstPosting({ amount: parseAmount('1500.51') })],
      ['amount negated', () => withFirstPosting({ amount: parseAmount('1500.50').negated() })],
      ['fundId changed', () => withFirstPosting({ fundId: 2 })],
      ['fundId set to null', () => withFirstPosting({ fundId: null })],
      ['patronId changed', () => withFirstPosting({ patronId: 22 })],
      ['patronId set to null', () => withFirstPosting({ patronId: null })],
      ['recipientId changed', () => withFirstPosting({ recipientId: 32 })],
      ['recipientId set to null', () => withFirstPosting({ recipientId: null })],
      ['patronId and recipientId swapped', () => withFirstPosting({ patronId: 31, recipientId: 21 })],
      [
        'order reversed',
        () => {
          const entry = baseEntry();
          return { ...entry, postings: [...entry.postings].reverse() };
        },
      ],
      [
        'added',
        () => {
          const entry = baseEntry();
          return { ...entry, postings: [...entry.postings, extraPosting] };
        },
      ],
      [
        'removed',
        () => {
          const entry = baseEntry();
          return { ...entry, postings: entry.postings.slice(0, 1) };
        },
      ],
      ['all removed', () => ({ ...baseEntry(), postings: [] })],
      [
        'duplicated',
        () => {
          const entry = baseEntry();
          return { ...entry, postings: [...entry.postings, ...entry.postings.slice(0, 1)] };
        },
      ],
    ];
    for (const [field, build] of changes) {
      it(`hashEntry — posting ${field} — a different hash`, () => {
        expect(hashEntry(build())).not.to.equal(hashEntry(baseEntry()));
      });
    }

    // The account is hashed by its code, which the store reads by joining accounts on account_id, so
    // tampering with postings.account_id still changes the hashed code; the surrogate id itself is
    // left out so the same journal hashes the same in any database. Pinned so the v1 form stays put.
    it('hashEntry — posting accountId alone changed — the same hash, the code names the account', () => {
      expect(hashEntry(withFirstPosting({ accountId: 99 }))).to.equal(hashEntry(baseEntry()));
    });
  });

  it('hashEntry — one posting amount of a random entry changed by one tiyn — a different hash', () => {
    fc.assert(
      fc.property(hashedEntryArbitrary, fc.nat(), fc.constantFrom(1n, -1n), (entry, indexSeed, deltaTiyn) => {
        const index = indexSeed % entry.postings.length;
        const postings = entry.postings.map((posting, position) =>
          position === index
            ? { ...posting, amount: posting.amount.plus(Money.fromTiyn(deltaTiyn)) }
            : posting,
        );
        expect(hashEntry({ ...entry, postings })).not.to.equal(hashEntry(entry));
      }),
    );
  });

  it('hashEntry — a random entry and a different prevHash — a different hash, so the chain links', () => {
    fc.assert(
      fc.property(hashedEntryArbitrary, fc.stringMatching(/^[0-9a-f]{64}$/), (entry, otherPrevHash) => {
        fc.pre(otherPrevHash !== entry.prevHash);
        expect(hashEntry({ ...entry, prevHash: otherPrevHash })).not.to.equal(hashEntry(entry));
      }),
    );
  });
});
