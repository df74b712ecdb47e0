import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Requester } from '../auth/roles.js';
import type { NewDonation } from '../donations/donation-types.js';
import { DomainError } from '../errors/domain-error.js';
import { DuplicateError } from '../errors/duplicate-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { Money } from '../money/money.js';
import { PatronStore } from '../patrons/patron-store.js';
import type { NewPatron } from '../patrons/patron-types.js';
import { taxIdHash } from '../people/tax-id.js';
import type { Services } from '../services.js';
import { looksLikeOrganisation } from './statement-fields.js';
import type { StatementProblem, StatementReader, StatementRow } from './statement-reader.js';
import { StatementStore } from './statement-store.js';

/**
 * Rows booked per database transaction: booked at once, or row by row in savepoints when one breaks a
 * rule. The batch bounds how long the journal lock is held (~0.2 s on SQLite) and how often a commit
 * is paid: 1,000 rather than 200 halved the time spent committing (pages written once, one fsync).
 */
export const BATCH_ROWS = 1000;

export interface ImportSummary {
  /** Data rows read (the header not counted). */
  rows: number;
  booked: number;
  alreadyBooked: number;
  rejected: number;
  totalBooked: Money;
}

export interface ImportListener {
  rejected(problem: StatementProblem): void;
  progress(summary: ImportSummary, bytesRead: number): void;
}

type RowOutcome =
  | { kind: 'booked'; amount: Money }
  | { kind: 'already-booked' }
  | { kind: 'rejected'; reason: string };

/**
 * Books the incoming transfers of a bank statement as donations, through DonationService.record,
 * the one way a donation is booked. Idempotent by bank reference: a reference booked before (by an
 * earlier import or by hand) is skipped; one repeated inside the same file is rejected after its
 * first occurrence booked. Patrons are matched by the keyed hash of their IIN/BIN, else created.
 */
export class StatementImportService {
  private readonly store = new StatementStore();
  private readonly patronStore = new PatronStore();
  private readonly fundIds = new Map<string, number>();

  constructor(private readonly services: Services) {}

  /** The requester an import acts as: the user named by email (staff or admin), else the first admin. */
  async requesterFor(email: string | undefined): Promise<Requester> {
    const user = await this.store.findActingUser(this.services.database.knex, email?.trim().toLowerCase());
    if (!user) {
      throw new NotFoundError(email === undefined ? 'no active admin exists' : `no active user ${email}`);
    }
    if (user.role !== 'admin' && user.role !== 'staff') {
      throw new ValidationError(`${user.email} is ${user.role}: only staff and admins import statements`);
    }
    return { user, requestId: `import-statement:${randomUUID()}` };
  }

  async import(
    reader: StatementReader,
    requester: Requester,
    listener: ImportListener,
  ): Promise<ImportSummary> {
    await this.services.personalDataKey.value();
    const summary: ImportSummary = {
      rows: 0,
      booked: 0,
      alreadyBooked: 0,
      rejected: 0,
      totalBooked: Money.ZERO,
    };
    let batch: StatementRow[] = [];
    const flush = async () => {
      const outcomes = await this.bookBatch(batch, requester);
      batch.forEach((row, index) => {
        this.count(summary, row, outcomes[index] as RowOutcome, listener);
      });
      batch = [];
      listener.progress(summary, reader.bytesRead);
    };
    for await (const line of reader.lines()) {
      if (line.kind === 'problem') {
        summary.rows += 1;
        summary.rejected += 1;
        listener.rejected(line.problem);
        continue;
      }
      summary.rows += 1;
      batch.push(line.row);
      if (batch.length >= BATCH_ROWS) await flush();
    }
    if (batch.length > 0) await flush();
    listener.progress(summary, reader.bytesRead);
    return summary;
  }

  private count(summary: ImportSummary, row: StatementRow, outcome: RowOutcome, listener: ImportListener) {
    if (outcome.kind === 'booked') {
      summary.booked += 1;
      summary.totalBooked = summary.totalBooked.plus(outcome.amount);
    } else if (outcome.kind === 'already-booked') {
      summary.alreadyBooked += 1;
    } else {
      summary.rejected += 1;
      listener.rejected({ line: row.line, reason: outcome.reason, fields: row.fields });
    }
  }

  /**
   * One journal transaction for the batch; outcomes count only once it has committed. The batch is
   * first booked at once (DonationService.recordMany, in a savepoint); if any row breaks a rule, that
   * savepoint is undone and the batch is booked row by row, so the bad row alone is refused, with
   * its own reason.
   */
  private async bookBatch(rows: StatementRow[], requester: Requester): Promise<RowOutcome[]> {
    return this.services.ledger.transaction(async (trx) => {
      try {
        return await trx.transaction((savepoint) => this.bookAtOnce(rows, requester, savepoint));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
      const outcomes: RowOutcome[] = [];
      for (const row of rows) outcomes.push(await this.bookRowInSavepoint(row, requester, trx));
      return outcomes;
    });
  }

  /** The batch's lookups and writes done a few statements at a time; a broken rule throws. */
  private async bookAtOnce(
    rows: StatementRow[],
    requester: Requester,
    trx: Knex.Transaction,
  ): Promise<RowOutcome[]> {
    const booked = await this.store.bookedReferences(
      trx,
      rows.map((row) => row.reference),
    );
    const outcomes: RowOutcome[] = new Array(rows.length);
    const firstInBatch = new Map<string, number>();
    const repeats: Array<{ index: number; first: number }> = [];
    const toBook: Array<{ index: number; row: StatementRow }> = [];
    rows.forEach((row, index) => {
      const earlier = booked.get(row.reference);
      if (earlier?.requestId === requester.requestId) {
        outcomes[index] = repeatedReference(row.reference, earlier.donationId);
      } else if (earlier) {
        outcomes[index] = { kind: 'already-booked' };
      } else if (firstInBatch.has(row.reference)) {
        repeats.push({ index, first: firstInBatch.get(row.reference) as number });
      } else {
        firstInBatch.set(row.reference, index);
        toBook.push({ index, row });
      }
    });
    const patronIds = await this.patronsFor(
      toBook.map(({ row }) => row),
      requester,
      trx,
    );
    const inputs: NewDonation[] = [];
    for (const [position, { row }] of toBook.entries()) {
      inputs.push({
        patronId: patronIds[position],
        amount: row.amount,
        fundId: row.fundCode === null ? undefined : await this.fundIdFor(row.fundCode, trx),
        date: row.date,
        reference: row.reference,
        note: row.purpose ?? undefined,
      });
    }
    const donations = await this.services.donations.recordMany(inputs, requester, trx);
    const donationAt = new Map<number, number>();
    toBook.forEach(({ index }, position) => {
      const donation = donations[position] as { id: number; amount: Money };
      outcomes[index] = { kind: 'booked', amount: donation.amount };
      donationAt.set(index, donation.id);
    });
    for (const { index, first } of repeats) {
      outcomes[index] = repeatedReference(
        (rows[index] as StatementRow).reference,
        donationAt.get(first) as number,
      );
    }
    return outcomes;
  }

  /**
   * The patron of each row, as `patronFor` would find or create it, with the lookups and the new
   * patrons batched: a new IIN/BIN met twice in the batch is one new patron; a payer with a name
   * and no IIN/BIN is a new patron each time, as row by row.
   */
  private async patronsFor(
    rows: StatementRow[],
    requester: Requester,
    trx: Knex.Transaction,
  ): Promise<Array<number | undefined>> {
    const key = await this.services.personalDataKey.value(trx);
    const hashes = rows.map((row) => (row.payerTaxId === null ? null : taxIdHash(row.payerTaxId, key)));
    const known = await this.patronStore.idsByTaxIdHash(
      trx,
      hashes.filter((hash): hash is string => hash !== null),
    );
    const fresh: NewPatron[] = [];
    /** For each row: a known patron id, or the index of its new patron in `fresh`, or none. */
    const sources: Array<{ id: number } | { fresh: number } | null> = [];
    const freshByHash = new Map<string, number>();
    for (const [position, row] of rows.entries()) {
      const hash = hashes[position] ?? null;
      const existing = hash === null ? undefined : known.get(hash);
      if (existing !== undefined) {
        sources.push({ id: existing });
      } else if (hash !== null && freshByHash.has(hash)) {
        sources.push({ fresh: freshByHash.get(hash) as number });
      } else {
        const patron = newPatronOf(row);
        if (patron === null) {
          sources.push(null);
        } else {
          if (hash !== null) freshByHash.set(hash, fresh.length);
          sources.push({ fresh: fresh.length });
          fresh.push(patron);
        }
      }
    }
    const createdIds = await this.services.patrons.createMany(fresh, requester.user.id, trx);
    return sources.map((source) => {
      if (source === null) return undefined;
      return 'id' in source ? source.id : (createdIds[source.fresh] as number);
    });
  }

  private async bookRowInSavepoint(row: StatementRow, requester: Requester, trx: Knex.Transaction) {
    try {
      return await trx.transaction((savepoint) => this.bookRow(row, requester, savepoint));
    } catch (error) {
      if (error instanceof DomainError) return { kind: 'rejected', reason: error.message } as const;
      throw error;
    }
  }

  private async bookRow(row: StatementRow, requester: Requester, trx: Knex.Transaction): Promise<RowOutcome> {
    const booked = await this.store.findBookedReference(trx, row.reference);
    if (booked !== null && booked.requestId === requester.requestId) {
      return repeatedReference(row.reference, booked.donationId);
    }
    if (booked !== null) return { kind: 'already-booked' };
    const fundId = row.fundCode === null ? undefined : await this.fundIdFor(row.fundCode, trx);
    const patronId = await this.patronFor(row, requester, trx);
    const input = {
      patronId,
      amount: row.amount,
      fundId,
      date: row.date,
      reference: row.reference,
      note: row.purpose ?? undefined,
    };
    const { donation } = await this.services.donations.record(input, requester, trx);
    return { kind: 'booked', amount: donation.amount };
  }

  private async fundIdFor(code: string, trx: Knex.Transaction): Promise<number> {
    const known = this.fundIds.get(code);
    if (known !== undefined) return known;
    const fund = await this.services.funds.getByCode(code, trx);
    this.fundIds.set(code, fund.id);
    return fund.id;
  }

  /** The patron by IIN/BIN, else a new one (see newPatronOf); row by row, for a batch that broke a rule. */
  private async patronFor(
    row: StatementRow,
    requester: Requester,
    trx: Knex.Transaction,
  ): Promise<number | undefined> {
    if (row.payerTaxId !== null) {
      const hash = taxIdHash(row.payerTaxId, await this.services.personalDataKey.value(trx));
      const existingId = await this.patronStore.findIdByTaxIdHash(trx, hash);
      if (existingId !== null) return existingId;
    }
    const newPatron = newPatronOf(row);
    if (newPatron === null) return undefined;
    try {
      const patron = await this.services.patrons.create(newPatron, requester.user.id, trx);
      return patron.id;
    } catch (error) {
      const existingId = error instanceof DuplicateError ? error.details.existingId : undefined;
      if (typeof existingId === 'number') return existingId;
      throw error;
    }
  }
}

/** A reference met again in the same import: the first row with it was booked; this one is refused. */
function repeatedReference(reference: string, donationId: number): RowOutcome {
  return {
    kind: 'rejected',
    reason: `the reference ${reference} appears earlier in this file (booked as donation ${donationId})`,
  };
}

/**
 * The patron a row's payer becomes when no patron has their IIN/BIN. The digits cannot tell an IIN
 * from a BIN: a payer whose name carries an organisation's legal form (see looksLikeOrganisation) is
 * an organisation with a BIN, anyone else a person with an IIN. No name and no number: no patron;
 * a number that matches no one and no name to register it under: the row is refused.
 */
function newPatronOf(row: StatementRow): NewPatron | null {
  if (row.payerName === null) {
    if (row.payerTaxId === null) return null;
    throw new ValidationError('payer_name is empty and the IIN/BIN matches no patron', {
      field: 'payer_name',
    });
  }
  const taxId = row.payerTaxId ?? undefined;
  return looksLikeOrganisation(row.payerName)
    ? { name: row.payerName, kind: 'organization', bin: taxId }
    : { name: row.payerName, kind: 'individual', iin: taxId };
}
