import type { Knex } from 'knex';
import { type Clock, parseBusinessDate } from '../calendar/business-date.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { DuplicateError } from '../errors/duplicate-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { FundStore } from './fund-store.js';
import type { FundBalance, NewFund } from './fund-types.js';

const FUND_CODE_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;
export const MAX_FUND_NAME_LENGTH = 200;

/** Funds: the pots aid is paid from. Each has one asset account that may never be overdrawn. */
export class FundService {
  private readonly store = new FundStore();

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
  ) {}

  async create(fund: NewFund): Promise<FundBalance> {
    if (!FUND_CODE_PATTERN.test(fund.code)) {
      throw new ValidationError('a fund code is 2–40 lowercase letters, digits or dashes', { field: 'code' });
    }
    const name = fund.name.trim();
    if (name.length === 0 || name.length > MAX_FUND_NAME_LENGTH) {
      throw new ValidationError(`a fund name has 1 to ${MAX_FUND_NAME_LENGTH} characters`, { field: 'name' });
    }
    if (fund.closesOn != null) parseBusinessDate(fund.closesOn, 'closesOn');
    if (fund.capPerRecipientYear && !fund.capPerRecipientYear.isPositive()) {
      throw new ValidationError('a cap per recipient must be greater than zero', {
        field: 'capPerRecipientYear',
      });
    }
    if (await this.store.existsWithCode(this.db, fund.code)) {
      throw new DuplicateError(`a fund with code ${fund.code} already exists`, { field: 'code' });
    }
    try {
      const fundId = await this.db.transaction((trx: Knex.Transaction) =>
        this.store.insert(trx, { ...fund, name }, this.clock.now().toISOString()),
      );
      return await this.get(fundId);
    } catch (error) {
      // Two requests for the same new code at once: the unique key decides, the loser hears why.
      if (isUniqueViolation(error))
        throw new DuplicateError(`a fund with code ${fund.code} already exists`, { field: 'code' });
      throw error;
    }
  }

  async list(): Promise<FundBalance[]> {
    return this.store.list(this.db);
  }

  /** The fund and its balances, read in the caller's transaction when given. */
  async get(fundId: number, trx?: Knex.Transaction): Promise<FundBalance> {
    const fund = Number.isSafeInteger(fundId) ? await this.store.find(trx ?? this.db, { id: fundId }) : null;
    if (!fund) throw new NotFoundError(`fund ${fundId} does not exist`, { fundId });
    return fund;
  }

  async getByCode(code: string, trx?: Knex.Transaction): Promise<FundBalance> {
    const fund = await this.store.find(trx ?? this.db, { code });
    if (!fund) throw new NotFoundError(`fund ${code} does not exist`, { fundCode: code });
    return fund;
  }
}
