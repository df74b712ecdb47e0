// Proves that the chain verifier reads a journal in two halves at once (the second in a worker
// thread) with exactly the answer of one pass: for a sound journal and for each way of breaking it
// — a changed entry in either half, a missing entry at the seam, a broken link at the seam, an extra
// or missing head, a kept balance that differs — including a pending entry in the first half posted
// or voided in the second. SQLite only: on PostgreSQL the verifier always reads in one pass.
// Also: SQLite is read in windows of ids, and ids missing for longer than a window end nothing; with
// windows of a few ids, so that every tampering above falls on or beside a window's edge, the answer
// is the same again.
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { ChainVerifier, sqliteRows } from '../../src/ledger/chain-verifier.js';
import type { VerifyResult } from '../../src/ledger/ledger-types.js';
import { aidEntry, donationEntry } from '../support/ledger-fixtures.js';
import { createTestDatabase, TEST_DATABASE_KIND, type TestDatabase } from '../support/test-database.js';

const ENTRIES = 24;
const SEAM = ENTRIES / 2;

/** A journal of ENTRIES entries with pending entries that are resolved across the seam. */
async function journal(): Promise<TestDatabase> {
  const test = await createTestDatabase();
  const { ledger } = test.services;
  await ledger.record(donationEntry('100000.00'));
  const pendingAid = await ledger.record(aidEntry('300.00', { status: 'pending', recipientId: 4 }));
  const pendingGift = await ledger.record(donationEntry('70.00', { status: 'pending', patronId: 5 }));
  const leftPending = await ledger.record(aidEntry('90.00', { status: 'pending', recipientId: 6 }));
  while ((await ledger.journalHead()).lastEntryId < ENTRIES - 4) {
    await ledger.record(aidEntry('10.00', { recipientId: 7 }));
  }
  await ledger.postPending(pendingAid.id, {});
  await ledger.voidPending(pendingGift.id, {});
  const paid = await ledger.record(aidEntry('20.00', { recipientId: 8 }));
  expect(paid.id).to.equal(ENTRIES - 1);
  await ledger.reverse(paid.id, { reason: 'twice' });
  expect(leftPending.id).to.be.below(SEAM);
  return test;
}

async function dropGuards(knex: Knex): Promise<void> {
  for (const table of ['entries', 'postings']) {
    await knex.raw(`DROP TRIGGER ${table}_refuse_update`);
    await knex.raw(`DROP TRIGGER ${table}_refuse_delete`);
  }
}

/** Ids per SQLite window, small enough that the journal spans several: windows end at 5, 10, 15 and 20 in one pass, at 17 and 22 in the second half. */
const SMALL_WINDOW_IDS = 5;

/** The answers of one pass and of two halves over the same journal, with the usual and with small windows. */
async function bothWays(
  knex: Knex,
): Promise<{ onePass: VerifyResult; twoHalves: VerifyResult; smallWindows: VerifyResult[] }> {
  const onePass = await knex.transaction((trx) =>
    new ChainVerifier('sqlite', Number.MAX_SAFE_INTEGER).verify(trx),
  );
  const twoHalves = await knex.transaction((trx) => new ChainVerifier('sqlite', 1).verify(trx));
  const smallWindows = [
    await knex.transaction((trx) =>
      new ChainVerifier('sqlite', Number.MAX_SAFE_INTEGER, SMALL_WINDOW_IDS).verify(trx),
    ),
    await knex.transaction((trx) => new ChainVerifier('sqlite', 1, SMALL_WINDOW_IDS).verify(trx)),
  ];
  return { onePass, twoHalves, smallWindows };
}

describe('chain verifier in two halves', function () {
  this.timeout(60_000);
  before(function () {
    if (TEST_DATABASE_KIND !== 'sqlite') this.skip();
  });

  const tamperings: Array<[string, (knex: Knex) => Promise<unknown>, Partial<VerifyResult>]> = [
    ['nothing changed', async () => undefined, { ok: true, entries: ENTRIES, firstBadEntryId: null }],
    [
      'a memo changed in the first half',
      (knex) => knex.raw('UPDATE entries SET memo = ? WHERE id = 3', ['edited']),
      { ok: false, firstBadEntryId: 3, entries: 2 },
    ],
    [
      'an amount changed in the second half',
      (knex) => knex.raw('UPDATE postings SET amount_tiyn = amount_tiyn * 2 WHERE entry_id = ?', [SEAM + 3]),
      { ok: false, firstBadEntryId: SEAM + 3, entries: SEAM + 2 },
    ],
    [
      'the first entry of the second half deleted',
      async (knex) => {
        await knex.raw('DELETE FROM postings WHERE entry_id = ?', [SEAM + 1]);
        await knex.raw('DELETE FROM entries WHERE id = ?', [SEAM + 1]);
      },
      { ok: false, firstBadEntryId: SEAM + 1, entries: SEAM },
    ],
    [
      'the last entry of the first half deleted',
      async (knex) => {
        await knex.raw('DELETE FROM postings WHERE entry_id = ?', [SEAM]);
        await knex.raw('DELETE FROM entries WHERE id = ?', [SEAM]);
      },
      { ok: false, firstBadEntryId: SEAM, entries: SEAM - 1 },
    ],
    [
      'the last entry of a small window deleted',
      async (knex) => {
        await knex.raw('DELETE FROM postings WHERE entry_id = ?', [2 * SMALL_WINDOW_IDS]);
        await knex.raw('DELETE FROM entries WHERE id = ?', [2 * SMALL_WINDOW_IDS]);
      },
      { ok: false, firstBadEntryId: 2 * SMALL_WINDOW_IDS, entries: 2 * SMALL_WINDOW_IDS - 1 },
    ],
    [
      'the link of the first entry of the second half changed',
      (knex) => knex.raw('UPDATE entries SET prev_hash = ? WHERE id = ?', ['e'.repeat(64), SEAM + 1]),
      { ok: false, firstBadEntryId: SEAM + 1, entries: SEAM },
    ],
    [
      'the last entry deleted',
      async (knex) => {
        await knex.raw('DELETE FROM postings WHERE entry_id = ?', [ENTRIES]);
        await knex.raw('DELETE FROM entries WHERE id = ?', [ENTRIES]);
      },
      { ok: false, firstBadEntryId: ENTRIES, entries: ENTRIES - 1 },
    ],
    [
      'a kept balance changed',
      (knex) =>
        knex.raw(
          `UPDATE accounts SET pending_debit_tiyn = pending_debit_tiyn + 1 WHERE code = 'expenses:aid:food'`,
        ),
      { ok: false, firstBadEntryId: null, entries: ENTRIES },
    ],
  ];

  for (const [change, tamper, expected] of tamperings) {
    it(`verify — ${change} — the same answer in two halves as in one pass`, async () => {
      const test = await journal();
      try {
        const knex = test.database.knex;
        await dropGuards(knex);
        await tamper(knex);
        const { onePass, twoHalves, smallWindows } = await bothWays(knex);
        expect(onePass).to.include(expected);
        expect(twoHalves).to.deep.equal(onePass);
        expect(smallWindows).to.deep.equal([onePass, onePass]);
      } finally {
        await test.drop();
      }
    });
  }
});

describe('chain verifier — reading SQLite by windows of ids', () => {
  it('sqliteRows — ids missing for more than a window — every row in order, and the end only at the end', async () => {
    const connection = new Database(':memory:');
    connection.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const ids = [1, 2, 10, 11, 30, 31, 32, 33];
    for (const id of ids) connection.prepare('INSERT INTO t (id) VALUES (?)').run(id);
    const source = sqliteRows<[number]>(
      connection,
      'SELECT id FROM t WHERE id BETWEEN $1 AND $2 ORDER BY id',
      { first: 2, last: 31 },
      3,
    );
    const pages: number[][] = [];
    for (let page = await source.next(); page.length > 0; page = await source.next()) {
      pages.push(page.map(([id]) => id));
    }
    // Windows 2–4, 5–7 (empty, skipped), 8–10, 11–13, …, 29–31.
    expect(pages).to.deep.equal([[2], [10], [11], [30, 31]]);
    expect(await source.next()).to.deep.equal([]);
    connection.close();
  });
});
