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

  async record(input: NewDonation, requester: Requester, trx: Knex.Transaction): Promise<DonationResult> {
    const { user } = requester;
    const declaredByPatron = user.role === 'patron';
    if (declaredByPatron && input.patronId !== undefined && input.patronId !== user.patronId) {
      throw new ForbiddenError('a patron declares donations only in their own name');
    }
    const patronId = declaredByPatron ? (user.patronId as number) : input.patronId;
    if (patronId !== undefined && !(await this.patrons.exists(patronId, trx))) {
      throw new NotFoundError(`patron ${patronId} does not exist`, { field: 'patronId', patronId });
    }
    const fund = await this.fundFor(input.fundId, trx);
    const date = input.date === undefined ? todayInAlmaty(this.clock) : parseBusinessDate(input.date, 'date');
    if (fund.closesOn !== null && date > fund.closesOn) {
      throw new FundClosedError(`fund ${fund.code} closed on ${fund.closesOn}`, {
        fundId: fund.id,
        closesOn: fund.closesOn,
      });
    }
    const foreign = parseForeignAmount(input, input.amount);
    if (input.reference !== undefined) await this.assertNewReference(input.reference, trx);
    const entry = await this.ledger.record(
      {
        kind: 'donation',
        status: declaredByPatron ? 'pending' : 'posted',
        date,
        postings: [
          { accountCode: fund.accountCode, amount: input.amount, patronId: patronId ?? null },
          {
            accountCode: DONATIONS_ACCOUNT_CODE,
            amount: input.amount.negated(),
            fundId: fund.id,
            patronId: patronId ?? null,
          },
        ],
        userId: user.id,
        requestId: requester.requestId,
      },
      trx,
    );
    const record: Omit<DonationRecord, 'id'> = {
      patronId: patronId ?? null,
      fundId: fund.id,
      amount: input.amount,
      date,
      reference: input.reference ?? null,
      note: input.note ?? null,
      foreign,
      entryId: entry.id,
      createdBy: user.id,
      createdAt: this.clock.now().toISOString(),
    };
    try {
      const id = await this.store.insert(trx, record);
      return this.resultOf({ ...record, id }, trx);
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

  private async assertNewReference(reference: string, trx: Knex.Transaction): Promise<void> {
    const existingId = await this.store.findIdByReference(trx, reference);
    if (existingId !== null) {
      throw new DuplicateError(
        `the bank reference ${reference} is already booked as donation ${existingId}`,
        {
          field: 'reference',
          existingId,
        },
      );
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
