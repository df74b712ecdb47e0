import type { Knex } from 'knex';
import type { AuthenticatedUser, Requester } from '../auth/roles.js';
import { type Clock, parseBusinessDate, todayInAlmaty } from '../calendar/business-date.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { type Page, pageOf } from '../db/paging.js';
import { DuplicateError } from '../errors/duplicate-error.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import { FundClosedError } from '../errors/fund-closed-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import type { FundService } from '../funds/fund-service.js';
import type { FundBalance } from '../funds/fund-types.js';
import { DONATIONS_ACCOUNT_CODE, GENERAL_FUND_CODE } from '../ledger/chart.js';
import type { LedgerService } from '../ledger/ledger-service.js';
import { parseForeignAmount } from '../money/foreign-amount.js';
import type { Money } from '../money/money.js';
import type { PatronService } from '../patrons/patron-service.js';
import { DonationStore } from './donation-store.js';
import type { Donation, DonationFilter, DonationRecord, NewDonation } from './donation-types.js';

/** A donation and the available balance of its fund right after the change. */
export interface DonationResult {
  donation: Donation;
  fundAvailable: Money;
}

/** A donation just booked, with its fund as read before the booking and its entry's status. */
interface Booked {
  record: DonationRecord;
  fund: FundBalance;
  status: 'posted' | 'pending';
}

/**
 * Donations: recorded by staff they are posted at once; declared by a patron they are pending
 * until staff confirm (posted) or reject (voided) them. Each is one journal entry
 * `Dr assets:funds:<fund> / Cr income:donations`, tagged with patron and fund.
 */
export class DonationService {
  private readonly store = new DonationStore();

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly funds: FundService,
    private readonly patrons: PatronService,
  ) {}

  /**
   * Records one donation and answers with what it became and its fund's available balance, both
   * known without reading back: a new entry is posted (staff) or pending (patron) and reversed by
   * nothing yet, and the fund was read under the journal lock just before — a posted donation adds
   * its amount to what is available, a pending one adds nothing until it is confirmed.
   */
  async record(input: NewDonation, requester: Requester, trx: Knex.Transaction): Promise<DonationResult> {
    const [booked] = await this.book([input], requester, trx);
    const { record, fund, status } = booked as Booked;
    return {
      donation: {
        ...record,
        status,
        postedEntryId: status === 'posted' ? record.entryId : null,
        reversedByEntryId: null,
      },
      fundAvailable: status === 'posted' ? fund.available.plus(record.amount) : fund.available,
    };
  }

  /**
   * Records donations in order, each under exactly the rules of `record`, with the lookups and
   * writes of the whole list batched (the statement import books hundreds at a time this way).
   * All or nothing: the first donation that breaks a rule throws its error, and the caller's
   * transaction or savepoint must be rolled back.
   */
  async recordMany(
    inputs: readonly NewDonation[],
    requester: Requester,
    trx: Knex.Transaction,
  ): Promise<DonationRecord[]> {
    return (await this.book(inputs, requester, trx)).map((booked) => booked.record);
  }

  /** recordMany's work: each donation booked, with the fund as read before and the entry's status. */
  private async book(
    inputs: readonly NewDonation[],
    requester: Requester,
    trx: Knex.Transaction,
  ): Promise<Booked[]> {
    const { user } = requester;
    const declaredByPatron = user.role === 'patron';
    const patronIds = inputs.map((input) => {
      if (declaredByPatron && input.patronId !== undefined && input.patronId !== user.patronId) {
        throw new ForbiddenError('a patron declares donations only in their own name');
      }
      return declaredByPatron ? (user.patronId as number) : input.patronId;
    });
    const knownPatrons = await this.patrons.existing(
      patronIds.filter((id): id is number => id !== undefined),
      trx,
    );
    const funds = new Map<number | undefined, FundBalance>();
    for (const fundId of new Set(inputs.map((input) => input.fundId))) {
      funds.set(fundId, await this.fundFor(fundId, trx));
    }
    const references = inputs.flatMap((input) => (input.reference === undefined ? [] : [input.reference]));
    const bookedReferences = await this.store.idsByReference(trx, references);
    const listedReferences = new Set<string>();
    const today = todayInAlmaty(this.clock);
    const checked = inputs.map((input, index) => {
      const patronId = patronIds[index];
      if (patronId !== undefined && !knownPatrons.has(patronId)) {
        throw new NotFoundError(`patron ${patronId} does not exist`, { field: 'patronId', patronId });
      }
      const fund = funds.get(input.fundId) as FundBalance;
      const date = input.date === undefined ? today : parseBusinessDate(input.date, 'date');
      if (fund.closesOn !== null && date > fund.closesOn) {
        throw new FundClosedError(`fund ${fund.code} closed on ${fund.closesOn}`, {
          fundId: fund.id,
          closesOn: fund.closesOn,
        });
      }
      const foreign = parseForeignAmount(input, input.amount);
      if (input.reference !== undefined) {
        const existingId = bookedReferences.get(input.reference);
        if (existingId !== undefined) {
          throw new DuplicateError(
            `the bank reference ${input.reference} is already booked as donation ${existingId}`,
            { field: 'reference', existingId },
          );
        }
        if (listedReferences.has(input.reference)) {
          throw new DuplicateError(`the bank reference ${input.reference} appears twice in one batch`, {
            field: 'reference',
          });
        }
        listedReferences.add(input.reference);
      }
      return { input, patronId: patronId ?? null, fund, date, foreign };
    });
    const entries = await this.ledger.recordMany(
      checked.map(({ input, patronId, fund, date }) => ({
        kind: 'donation',
        status: declaredByPatron ? 'pending' : 'posted',
        date,
        postings: [
          { accountCode: fund.accountCode, amount: input.amount, patronId },
          {
            accountCode: DONATIONS_ACCOUNT_CODE,
            amount: input.amount.negated(),
            fundId: fund.id,
            patronId,
          },
        ],
        userId: user.id,
        requestId: requester.requestId,
      })),
      trx,
    );
    const createdAt = this.clock.now().toISOString();
    const records: Array<Omit<DonationRecord, 'id'>> = checked.map(
      ({ input, patronId, fund, date, foreign }, index) => ({
        patronId,
        fundId: fund.id,
        amount: input.amount,
        date,
        reference: input.reference ?? null,
        note: input.note ?? null,
        foreign,
        entryId: (entries[index] as { id: number }).id,
        createdBy: user.id,
        createdAt,
      }),
    );
    try {
      const ids = await this.store.insertMany(trx, records);
      const status = declaredByPatron ? 'pending' : 'posted';
      return records.map((record, index) => ({
        record: { ...record, id: ids[index] as number },
        fund: (checked[index] as { fund: FundBalance }).fund,
        status,
      }));
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateError('a donation with this reference exists', { field: 'reference' });
      throw error;
    }
  }

  /** Staff confirm a declared donation: its pending entry is posted. */
  async confirm(id: number, requester: Requester, trx: Knex.Transaction): Promise<DonationResult> {
    const record = await this.require(id, trx);
    await this.ledger.postPending(
      record.entryId,
      { userId: requester.user.id, requestId: requester.requestId },
      trx,
    );
    return this.resultOf(record, trx);
  }

  /** Staff reject a declared donation: its pending entry is voided and nothing moves. */
  async reject(id: number, reason: string | undefined, requester: Requester, trx: Knex.Transaction) {
    const record = await this.require(id, trx);
    await this.ledger.voidPending(
      record.entryId,
      { userId: requester.user.id, requestId: requester.requestId, ...(reason ? { reason } : {}) },
      trx,
    );
    return this.resultOf(record, trx);
  }

  /** One donation; a patron sees only their own (others are NOT_FOUND, not FORBIDDEN: ids leak nothing). */
  async get(id: number, viewer: AuthenticatedUser): Promise<Donation> {
    const record = await this.require(id, this.db);
    if (viewer.role === 'patron' && record.patronId !== viewer.patronId) {
      throw new NotFoundError(`donation ${id} does not exist`, { donationId: id });
    }
    return (await this.ledger.withOutcomes([record], this.db))[0] as Donation;
  }

  /** A page of donations, newest first; a patron's list is always only their own. */
  async list(filter: DonationFilter, viewer: AuthenticatedUser): Promise<Page<Donation>> {
    const scoped = viewer.role === 'patron' ? { ...filter, patronId: viewer.patronId ?? -1 } : filter;
    const rows = await this.store.list(this.db, { ...scoped, limit: filter.limit + 1 });
    const page = pageOf(rows, filter, (row) => row.id);
    return { ...page, items: await this.ledger.withOutcomes(page.items, this.db) };
  }

  private async fundFor(fundId: number | undefined, trx: Knex.Transaction): Promise<FundBalance> {
    try {
      return fundId === undefined
        ? await this.funds.getByCode(GENERAL_FUND_CODE, trx)
        : await this.funds.get(fundId, trx);
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new NotFoundError(`fund ${fundId} does not exist`, { field: 'fundId' });
      throw error;
    }
  }

  private async require(id: number, db: Knex): Promise<DonationRecord> {
    const record = await this.store.findById(db, id);
    if (!record) throw new NotFoundError(`donation ${id} does not exist`, { donationId: id });
    return record;
  }

  private async resultOf(record: DonationRecord, trx: Knex.Transaction): Promise<DonationResult> {
    const [donation] = await this.ledger.withOutcomes([record], trx);
    const fund = await this.funds.get(record.fundId, trx);
    return { donation: donation as Donation, fundAvailable: fund.available };
  }
}
