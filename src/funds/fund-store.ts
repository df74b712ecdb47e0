import type { Knex } from 'knex';
import { fundAccountCode } from '../ledger/chart.js';
import { balanceAsText } from '../ledger/ledger-store.js';
import { Money } from '../money/money.js';
import type { Fund, FundBalance, NewFund } from './fund-types.js';

interface FundRow {
  id: number;
  code: string;
  name: string;
  restricted: boolean | number;
  cap_per_recipient_year_tiyn: number | null;
  closes_on: string | null;
  posted_tiyn: string;
  pending_debit_tiyn: string;
  pending_credit_tiyn: string;
}

/** Funds and their accounts; knex only. */
export class FundStore {
  /** Creates the fund and the asset account that holds its money, in the caller's transaction. */
  async insert(trx: Knex.Transaction, fund: NewFund, createdAt: string): Promise<number> {
    const [inserted] = await trx('funds')
      .insert({
        code: fund.code,
        name: fund.name,
        restricted: fund.restricted,
        cap_per_recipient_year_tiyn: fund.capPerRecipientYear ? Number(fund.capPerRecipientYear.tiyn) : null,
        closes_on: fund.closesOn ?? null,
        created_at: createdAt,
      })
      .returning('id');
    const fundId = Number(typeof inserted === 'object' ? inserted.id : inserted);
    await trx('accounts').insert({
      code: fundAccountCode(fund.code),
      name: `Money held for fund ${fund.code}`,
      type: 'asset',
      fund_id: fundId,
      no_overdraft: true,
      created_at: createdAt,
    });
    return fundId;
  }

  async existsWithCode(db: Knex, code: string): Promise<boolean> {
    return (await db('funds').where({ code }).first('id')) !== undefined;
  }

  async list(db: Knex): Promise<FundBalance[]> {
    const rows: FundRow[] = await this.withBalances(db).orderBy('funds.id');
    return rows.map(toFundBalance);
  }

  async find(db: Knex, where: { id: number } | { code: string }): Promise<FundBalance | null> {
    const column = 'id' in where ? 'funds.id' : 'funds.code';
    const row: FundRow | undefined = await this.withBalances(db)
      .where(column, 'id' in where ? where.id : where.code)
      .first();
    return row ? toFundBalance(row) : null;
  }

  private withBalances(db: Knex) {
    return db('funds')
      .join('accounts', 'accounts.fund_id', 'funds.id')
      .select(
        'funds.id',
        'funds.code',
        'funds.name',
        'funds.restricted',
        'funds.cap_per_recipient_year_tiyn',
        'funds.closes_on',
        balanceAsText(db, 'accounts.posted_tiyn'),
        balanceAsText(db, 'accounts.pending_debit_tiyn'),
        balanceAsText(db, 'accounts.pending_credit_tiyn'),
      );
  }
}

function toFundBalance(row: FundRow): FundBalance {
  const fund: Fund = {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    restricted: Boolean(row.restricted),
    capPerRecipientYear:
      row.cap_per_recipient_year_tiyn === null ? null : Money.fromTiyn(row.cap_per_recipient_year_tiyn),
    closesOn: row.closes_on,
    accountCode: fundAccountCode(row.code),
  };
  const posted = Money.fromTiyn(row.posted_tiyn);
  const pendingOut = Money.fromTiyn(row.pending_credit_tiyn);
  return {
    ...fund,
    posted,
    pendingOut,
    pendingIn: Money.fromTiyn(row.pending_debit_tiyn),
    available: posted.minus(pendingOut),
  };
}
