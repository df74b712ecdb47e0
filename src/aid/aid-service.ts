import type { Knex } from 'knex';
import type { Requester } from '../auth/roles.js';
import { type Clock, parseBusinessDate, todayInAlmaty } from '../calendar/business-date.js';
import { type Page, pageOf } from '../db/paging.js';
import { FundClosedError } from '../errors/fund-closed-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { RecipientCapExceededError } from '../errors/recipient-cap-exceeded-error.js';
import { SelfApprovalError } from '../errors/self-approval-error.js';
import type { FundService } from '../funds/fund-service.js';
import type { FundBalance } from '../funds/fund-types.js';
import { aidExpenseAccountCode } from '../ledger/chart.js';
import type { LedgerService } from '../ledger/ledger-service.js';
import type { Money } from '../money/money.js';
import type { RecipientService } from '../recipients/recipient-service.js';
import { AidStore } from './aid-store.js';
import type { Aid, AidFilter, AidRecord, NewAid } from './aid-types.js';

/** Aid and the available balance of its fund right after the change. */
export interface AidResult {
  aid: Aid;
  fundAvailable: Money;
}

/**
 * Aid: paid from a fund that must hold the money, as one entry
 * `Dr expenses:aid:<category> / Cr assets:funds:<fund>` tagged with recipient and fund. Aid at or
 * above the approval threshold is pending — it reserves the money — until a second person approves
 * it. A fund may cap what one recipient receives from it in a calendar year.
 */
export class AidService {
  private readonly store = new AidStore();

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly funds: FundService,
    private readonly recipients: RecipientService,
    private readonly approvalThreshold: Money,
  ) {}

  async pay(input: NewAid, requester: Requester, trx: Knex.Transaction): Promise<AidResult> {
    if (!(await this.recipients.exists(input.recipientId, trx))) {
      throw new NotFoundError(`recipient ${input.recipientId} does not exist`, { field: 'recipientId' });
    }
    const fund = await this.fundFor(input.fundId, trx);
    const date = input.date === undefined ? todayInAlmaty(this.clock) : parseBusinessDate(input.date, 'date');
    if (fund.closesOn !== null && date > fund.closesOn) {
      throw new FundClosedError(`fund ${fund.code} closed on ${fund.closesOn}`, {
        fundId: fund.id,
        closesOn: fund.closesOn,
      });
    }
    await this.assertWithinCap(fund, input.recipientId, input.amount, date, trx);
    const entry = await this.ledger.record(
      {
        kind: 'aid',
        status: input.amount.compare(this.approvalThreshold) >= 0 ? 'pending' : 'posted',
        date,
        postings: [
          {
            accountCode: aidExpenseAccountCode(input.category),
            amount: input.amount,
            fundId: fund.id,
            recipientId: input.recipientId,
          },
          { accountCode: fund.accountCode, amount: input.amount.negated(), recipientId: input.recipientId },
        ],
        userId: requester.user.id,
        requestId: requester.requestId,
      },
      trx,
    );
    const record: Omit<AidRecord, 'id'> = {
      recipientId: input.recipientId,
      fundId: fund.id,
      amount: input.amount,
      category: input.category,
      date,
      note: input.note ?? null,
      entryId: entry.id,
      createdBy: requester.user.id,
      createdAt: this.clock.now().toISOString(),
    };
    const id = await this.store.insert(trx, record);
    return this.resultOf({ ...record, id }, trx);
  }

  /** A second person approves pending aid: its entry is posted and the money leaves the fund. */
  async approve(id: number, requester: Requester, trx: Knex.Transaction): Promise<AidResult> {
    const record = await this.require(id, trx);
    if (record.createdBy === requester.user.id) {
      throw new SelfApprovalError('aid must be approved by someone other than the person who created it', {
        aidId: id,
      });
    }
    await this.ledger.postPending(
      record.entryId,
      { userId: requester.user.id, requestId: requester.requestId },
      trx,
    );
    return this.resultOf(record, trx);
  }

  /** Pending aid is rejected: its entry is voided and the reserved money is free again. */
  async reject(id: number, reason: string | undefined, requester: Requester, trx: Knex.Transaction) {
    const record = await this.require(id, trx);
    await this.ledger.voidPending(
      record.entryId,
      { userId: requester.user.id, requestId: requester.requestId, ...(reason ? { reason } : {}) },
      trx,
    );
    return this.resultOf(record, trx);
  }

  async get(id: number): Promise<Aid> {
    return (await this.ledger.withOutcomes([await this.require(id, this.db)], this.db))[0] as Aid;
  }

  async list(filter: AidFilter): Promise<Page<Aid>> {
    const rows = await this.store.list(this.db, { ...filter, limit: filter.limit + 1 });
    const page = pageOf(rows, filter, (row) => row.id);
    return { ...page, items: await this.ledger.withOutcomes(page.items, this.db) };
  }

  private async assertWithinCap(
    fund: FundBalance,
    recipientId: number,
    amount: Money,
    date: string,
    trx: Knex,
  ) {
    if (fund.capPerRecipientYear === null) return;
    const year = date.slice(0, 4);
    const already = await this.store.aidToRecipientFromFund(
      trx,
      recipientId,
      fund.id,
      `${year}-01-01`,
      `${year}-12-31`,
    );
    if (already.plus(amount).compare(fund.capPerRecipientYear) > 0) {
      throw new RecipientCapExceededError(
        `fund ${fund.code} gives one recipient at most ${fund.capPerRecipientYear.toString()} a year; ` +
          `${already.toString()} is already paid or pending in ${year}`,
        { cap: fund.capPerRecipientYear.toString(), alreadyThisYear: already.toString(), year: Number(year) },
      );
    }
  }

  private async fundFor(fundId: number, trx: Knex.Transaction): Promise<FundBalance> {
    try {
      return await this.funds.get(fundId, trx);
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new NotFoundError(`fund ${fundId} does not exist`, { field: 'fundId' });
      throw error;
    }
  }

  private async require(id: number, db: Knex): Promise<AidRecord> {
    const record = await this.store.findById(db, id);
    if (!record) throw new NotFoundError(`aid ${id} does not exist`, { aidId: id });
    return record;
  }

  private async resultOf(record: AidRecord, trx: Knex.Transaction): Promise<AidResult> {
    const [aid] = await this.ledger.withOutcomes([record], trx);
    const fund = await this.funds.get(record.fundId, trx);
    return { aid: aid as Aid, fundAvailable: fund.available };
  }
}
