// Proves the reports of SPEC §7 end to end on a small ledger built through the API — donations
// (one reversed, one declared and left pending, one rejected, one confirmed), aid to several
// recipients in several regions and categories (one pending, one rejected, one approved, one
// reversed, one dated outside the window) — by comparing every report's rows and totals with an
// independent model of what was asked for; that IINs are masked for auditors only; that the trial
// balance is zero and agrees with the accounts; and that every bad query is a 400 or 404.
import { expect } from 'chai';
import { useApi } from '../support/api-harness.js';
import { buildLedger, type Ledger, NOVEMBER } from './report-ledger.js';
import {
  type AidFact,
  type AidModelFilter,
  aidSumsBy,
  distinctPeople,
  donationSumsBy,
  type Event,
  peopleBy,
  type Sums,
  sumOf,
  tenge,
  type Window,
} from './report-model.js';
import type { RecipientRecord } from './report-scenario.js';

const CATEGORIES = ['food', 'medical', 'education', 'housing', 'utilities', 'cash', 'other'];

/** The model's sums as the API writes them. */
function sumsView(sums: Sums | undefined) {
  return {
    count: sums?.count ?? 0,
    total: tenge(sums?.totalTiyn ?? 0n),
    pending: tenge(sums?.pendingTiyn ?? 0n),
  };
}

function queryOf(filter: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(filter).filter(([, value]) => value !== undefined);
  return pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`;
}

/** The query of an aid model filter, with the fund id named `fund` as the reports take it. */
function aidQuery(filter: AidModelFilter): string {
  return queryOf({
    from: filter.from,
    to: filter.to,
    fund: filter.fundId,
    region: filter.region,
    category: filter.category,
  });
}

function expectedRecipientRows(ledger: Ledger, filter: AidModelFilter) {
  const sums = aidSumsBy(ledger.scenario.aid, filter, (event) => event.fact.recipientId);
  return [...sums.keys()]
    .map(Number)
    .sort((left, right) => left - right)
    .map((recipientId) => {
      const recipient = ledger.scenario.recipients.find((candidate) => candidate.id === recipientId);
      const { count, total, pending } = sumsView(sums.get(recipientId));
      return {
        recipientId,
        iin: recipient?.iin,
        fullName: recipient?.fullName,
        region: recipient?.region,
        aidCount: count,
        total,
        pending,
      };
    });
}

function aidTotalsOf(facts: readonly AidFact[], filter: AidModelFilter) {
  const all = [...aidSumsBy(facts, filter, () => 'all').values()];
  return {
    aidCount: all.reduce((sum, sums) => sum + sums.count, 0),
    total: tenge(sumOf(all.map((sums) => sums.totalTiyn))),
    pending: tenge(sumOf(all.map((sums) => sums.pendingTiyn))),
  };
}

describe('reports api', () => {
  const api = useApi();
  let ledger: Ledger;
  before(async () => {
    ledger = await buildLedger(api.current);
  });

  describe('GET /v1/reports/recipients', () => {
    it('recipients report — no filter — a row per recipient with aid, posted net of reversals, pending apart', async () => {
      const response = await api.current.get('staff', '/v1/reports/recipients').expect(200);
      expect(response.headers['content-type']).to.match(/^application\/json/);
      expect(response.body.rows).to.deep.equal(expectedRecipientRows(ledger, {}));
      expect(response.body.totals).to.deep.equal(aidTotalsOf(ledger.scenario.aid, {}));
      // Anchors written out by hand: the model itself could be wrong.
      const row = (recipient: RecipientRecord) =>
        response.body.rows.find(
          (candidate: { recipientId: number }) => candidate.recipientId === recipient.id,
        );
      expect(row(ledger.aliya)).to.include({ aidCount: 2, total: '150000.50', pending: '0.00' });
      expect(row(ledger.nursultan)).to.include({ aidCount: 1, total: '510000.00', pending: '0.00' });
      expect(row(ledger.yerzhan)).to.include({ aidCount: 1, total: '0.01', pending: '600000.00' });
      expect(row(ledger.formula)).to.include({ aidCount: 1, total: '30000.00', fullName: '=HYPERLINK("x")' });
      expect(row(ledger.gulnar), 'only voided aid: no row').to.equal(undefined);
      expect(response.body.totals).to.deep.equal({ aidCount: 5, total: '690000.51', pending: '600000.00' });
    });

    it('recipients report — from/to — aid dated outside is left out; a reversal counts on its own date', async () => {
      const november = await api.current
        .get('auditor', `/v1/reports/recipients${aidQuery(NOVEMBER)}`)
        .expect(200);
      expect(november.body.rows.map((row: { recipientId: number }) => row.recipientId)).to.not.include(
        ledger.formula.id,
      );
      expect(november.body.totals).to.deep.equal({ aidCount: 4, total: '660000.51', pending: '600000.00' });

      const afterReversal = { from: '2026-11-21', to: '2026-11-30' };
      const late = await api.current
        .get('staff', `/v1/reports/recipients${aidQuery(afterReversal)}`)
        .expect(200);
      expect(late.body.rows).to.deep.equal([
        {
          recipientId: ledger.nursultan.id,
          iin: ledger.nursultan.iin,
          fullName: ledger.nursultan.fullName,
          region: 'KZ-75',
          aidCount: -1,
          total: '-200000.00',
          pending: '0.00',
        },
      ]);
      for (const window of [
        NOVEMBER,
        afterReversal,
        { from: '2026-11-08', to: '2026-11-20' },
        { to: '2026-11-06' },
      ]) {
        const response = await api.current
          .get('staff', `/v1/reports/recipients${aidQuery(window)}`)
          .expect(200);
        expect(response.body.rows, JSON.stringify(window)).to.deep.equal(
          expectedRecipientRows(ledger, window),
        );
        expect(response.body.totals).to.deep.equal(aidTotalsOf(ledger.scenario.aid, window));
      }
    });

    it('recipients report — region, fund and category filters, alone and together — as the model says', async () => {
      const filters: AidModelFilter[] = [
        { region: 'KZ-75' },
        { region: 'KZ-79' },
        { fundId: ledger.winterFundId },
        { fundId: ledger.generalFundId, category: 'food' },
        { category: 'housing' },
        { category: 'education', region: 'KZ-71', ...NOVEMBER },
        { fundId: ledger.winterFundId, region: 'KZ-75', from: '2026-11-07' },
      ];
      for (const filter of filters) {
        const response = await api.current
          .get('admin', `/v1/reports/recipients${aidQuery(filter)}`)
          .expect(200);
        expect(response.body.rows, JSON.stringify(filter)).to.deep.equal(
          expectedRecipientRows(ledger, filter),
        );
        expect(response.body.totals, JSON.stringify(filter)).to.deep.equal(
          aidTotalsOf(ledger.scenario.aid, filter),
        );
      }
      const housing = await api.current.get('staff', '/v1/reports/recipients?category=housing').expect(200);
      expect(housing.body.rows).to.deep.equal([
        {
          recipientId: ledger.nursultan.id,
          iin: ledger.nursultan.iin,
          fullName: ledger.nursultan.fullName,
          region: 'KZ-75',
          aidCount: 0,
          total: '0.00',
          pending: '0.00',
        },
      ]);
    });

    it('recipients report — auditor — IINs masked ********1234; staff and admin — IINs in full', async () => {
      const auditor = await api.current.get('auditor', '/v1/reports/recipients').expect(200);
      expect(auditor.body.rows).to.not.be.empty;
      for (const row of auditor.body.rows) {
        const recipient = ledger.scenario.recipients.find((candidate) => candidate.id === row.recipientId);
        expect(row.iin).to.equal(`********${recipient?.iin.slice(-4)}`);
        expect(JSON.stringify(auditor.body)).to.not.include(recipient?.iin);
      }
      const auditorCsv = await api.current.get('auditor', '/v1/reports/recipients?format=csv').expect(200);
      for (const recipient of ledger.scenario.recipients)
        expect(auditorCsv.text).to.not.include(recipient.iin);
      for (const actor of ['staff', 'admin'] as const) {
        const response = await api.current.get(actor, '/v1/reports/recipients').expect(200);
        for (const row of response.body.rows) {
          const recipient = ledger.scenario.recipients.find((candidate) => candidate.id === row.recipientId);
          expect(row.iin, actor).to.equal(recipient?.iin);
        }
      }
    });
  });

  describe('GET /v1/reports/patrons', () => {
    const expectedPatronRows = (filter: Window & { fundId?: number }) => {
      const sums = donationSumsBy(ledger.scenario.donations, filter);
      const names = new Map<number | null, [string | null, string | null, boolean]>([
        [api.current.patronId, ['Асель Патрон', 'individual', false]],
        [ledger.bereke, ['ТОО «Береке»', 'organization', false]],
        [ledger.hidden, ['Ержан Жасырын', 'individual', true]],
        [null, [null, null, false]],
      ]);
      const ids = [...sums.keys()].sort((left, right) => (left ?? Infinity) - (right ?? Infinity));
      return ids.map((patronId) => {
        const [name, kind, anonymous] = names.get(patronId) ?? [null, null, false];
        const { count, total, pending } = sumsView(sums.get(patronId));
        return { patronId, name, kind, anonymous, donationCount: count, total, pending };
      });
    };

    it('patrons report — no filter — per patron posted net of reversals and pending; anonymous named, flagged; no-patron row last', async () => {
      const response = await api.current.get('auditor', '/v1/reports/patrons').expect(200);
      expect(response.body.rows).to.deep.equal(expectedPatronRows({}));
      const byId = (id: number | null) =>
        response.body.rows.find((row: { patronId: number | null }) => row.patronId === id);
      expect(byId(ledger.bereke)).to.include({ donationCount: 1, total: '1000000.00', pending: '0.00' });
      expect(byId(ledger.hidden)).to.include({ name: 'Ержан Жасырын', anonymous: true, total: '2000000.00' });
      expect(byId(api.current.patronId)).to.include({
        donationCount: 1,
        total: '7000.50',
        pending: '25000.00',
      });
      expect(response.body.rows.at(-1)).to.include({ patronId: null, name: null, total: '300000.00' });
      expect(response.body.totals).to.deep.equal({
        donationCount: 4,
        total: '3307000.50',
        pending: '25000.00',
      });
    });

    it('patrons report — from/to and fund — as the model says', async () => {
      const filters: (Window & { fundId?: number })[] = [
        NOVEMBER,
        { fundId: ledger.winterFundId },
        { ...NOVEMBER, fundId: ledger.generalFundId },
      ];
      for (const filter of filters) {
        const query = queryOf({ from: filter.from, to: filter.to, fund: filter.fundId });
        const response = await api.current.get('staff', `/v1/reports/patrons${query}`).expect(200);
        expect(response.body.rows, query).to.deep.equal(expectedPatronRows(filter));
      }
    });
  });

  describe('GET /v1/reports/funds', () => {
    it('funds report — no window — in, out, pending, available per fund; available as GET /v1/funds says', async () => {
      const response = await api.current.get('staff', '/v1/reports/funds').expect(200);
      const general = response.body.rows.find(
        (row: { fundId: number }) => row.fundId === ledger.generalFundId,
      );
      const winter = response.body.rows.find((row: { fundId: number }) => row.fundId === ledger.winterFundId);
      expect(general).to.deep.equal({
        fundId: ledger.generalFundId,
        code: 'general',
        name: 'General fund',
        in: '1300000.00',
        out: '130000.01',
        pending: '0.00',
        posted: '1169999.99',
        available: '1169999.99',
      });
      expect(winter).to.deep.equal({
        fundId: ledger.winterFundId,
        code: 'winter',
        name: 'Fund winter',
        in: '2007000.50',
        out: '560000.50',
        pending: '600000.00',
        posted: '1447000.00',
        available: '847000.00',
      });
      const funds = (await api.current.get('staff', '/v1/funds').expect(200)).body.items;
      expect(response.body.rows.map((row: { fundId: number }) => row.fundId)).to.deep.equal(
        funds.map((fund: { id: number }) => fund.id),
      );
      for (const fund of funds) {
        const row = response.body.rows.find((candidate: { fundId: number }) => candidate.fundId === fund.id);
        expect(row).to.include({ available: fund.available, posted: fund.posted, pending: fund.pendingOut });
      }
      expect(response.body.totals).to.deep.equal({
        in: '3307000.50',
        out: '690000.51',
        pending: '600000.00',
        posted: '2616999.99',
        available: '2016999.99',
      });
    });

    it('funds report — from/to — in and out of the window only; pending and available stay current', async () => {
      const all = (await api.current.get('staff', '/v1/reports/funds').expect(200)).body;
      const response = await api.current
        .get('auditor', `/v1/reports/funds${queryOf({ ...NOVEMBER })}`)
        .expect(200);
      const general = response.body.rows.find(
        (row: { fundId: number }) => row.fundId === ledger.generalFundId,
      );
      expect(general).to.include({
        in: '1000000.00',
        out: '100000.01',
        posted: '1169999.99',
        available: '1169999.99',
      });
      const late = await api.current.get('staff', '/v1/reports/funds?from=2026-11-21').expect(200);
      const lateGeneral = late.body.rows.find(
        (row: { fundId: number }) => row.fundId === ledger.generalFundId,
      );
      expect(lateGeneral, 'the reversal of aid gives money back: less out').to.include({
        in: '0.00',
        out: '-200000.00',
      });
      for (const [index, row] of response.body.rows.entries()) {
        expect(row).to.include({
          pending: all.rows[index].pending,
          posted: all.rows[index].posted,
          available: all.rows[index].available,
        });
      }
    });
  });

  describe('GET /v1/reports/regions and /categories', () => {
    const groupRows = (
      filter: AidModelFilter,
      groupOf: (event: Event<AidFact>) => string,
      keys: readonly string[],
    ) => {
      const sums = aidSumsBy(ledger.scenario.aid, filter, groupOf);
      const people = peopleBy(ledger.scenario.aid, filter, groupOf);
      return keys.map((key) => {
        const { count, total, pending } = sumsView(sums.get(key));
        return { key, aidCount: count, people: people.get(key) ?? 0, total, pending };
      });
    };

    it('regions report — no filter and filtered — all 20 regions with names, as the model says', async () => {
      for (const filter of [
        {},
        NOVEMBER,
        { fundId: ledger.winterFundId },
        { category: 'food' },
      ] as AidModelFilter[]) {
        const response = await api.current.get('staff', `/v1/reports/regions${aidQuery(filter)}`).expect(200);
        const codes = response.body.rows.map((row: { region: string }) => row.region);
        expect(codes).to.have.length(20);
        const expected = groupRows(filter, (event) => event.fact.region, codes);
        expect(
          response.body.rows.map(({ region, aidCount, people, total, pending }: Record<string, unknown>) => ({
            key: region,
            aidCount,
            people,
            total,
            pending,
          })),
          JSON.stringify(filter),
        ).to.deep.equal(expected);
        expect(response.body.totals).to.deep.equal({
          ...aidTotalsOf(ledger.scenario.aid, filter),
          people: distinctPeople(ledger.scenario.aid, filter, (event) => event.fact.region),
        });
      }
      const almaty = (await api.current.get('auditor', '/v1/reports/regions').expect(200)).body.rows.find(
        (row: { region: string }) => row.region === 'KZ-75',
      );
      expect(almaty).to.deep.equal({
        region: 'KZ-75',
        name: { kk: 'Алматы қаласы', ru: 'г.Алматы', en: 'Almaty' },
        aidCount: 3,
        people: 2,
        total: '660000.50',
        pending: '0.00',
      });
    });

    it('categories report — no filter and filtered — every aid category; a person in two counts once in totals', async () => {
      for (const filter of [
        {},
        NOVEMBER,
        { region: 'KZ-75' },
        { fundId: ledger.generalFundId },
      ] as AidModelFilter[]) {
        const response = await api.current
          .get('staff', `/v1/reports/categories${aidQuery(filter)}`)
          .expect(200);
        const categories = response.body.rows.map((row: { category: string }) => row.category);
        expect(categories).to.have.members(CATEGORIES);
        const expected = groupRows(filter, (event) => event.fact.category, categories);
        expect(
          response.body.rows.map(
            ({ category, aidCount, people, total, pending }: Record<string, unknown>) => ({
              key: category,
              aidCount,
              people,
              total,
              pending,
            }),
          ),
          JSON.stringify(filter),
        ).to.deep.equal(expected);
        expect(response.body.totals).to.deep.equal({
          ...aidTotalsOf(ledger.scenario.aid, filter),
          people: distinctPeople(ledger.scenario.aid, filter, (event) => event.fact.category),
        });
      }
      const all = (await api.current.get('staff', '/v1/reports/categories').expect(200)).body;
      const byCategory = (category: string) =>
        all.rows.find((row: { category: string }) => row.category === category);
      expect(byCategory('food')).to.include({ aidCount: 3, people: 3, total: '130000.01' });
      expect(byCategory('housing'), 'paid and reversed: nobody helped').to.include({
        aidCount: 0,
        people: 0,
        total: '0.00',
      });
      expect(byCategory('education')).to.include({ people: 0, pending: '600000.00' });
      expect(all.totals.people, 'Әлия has food and medical aid: counted once').to.equal(4);
    });
  });

  describe('GET /v1/reports/trial-balance', () => {
    /** Every posted entry read back through GET /v1/entries, a path apart from the report's SQL. */
    const postedEntries = async () => {
      const entries: { status: string; date: string; postings: { accountCode: string; amount: string }[] }[] =
        [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '?limit=200' : `?limit=200&cursor=${cursor}`;
        const page = await api.current.get('auditor', `/v1/entries${query}`).expect(200);
        entries.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      return entries.filter((entry) => entry.status === 'posted');
    };

    it('trial balance — today — every account, sums to zero, balances equal GET /v1/accounts posted', async () => {
      const response = await api.current.get('auditor', '/v1/reports/trial-balance').expect(200);
      expect(response.body.at).to.equal('2026-11-25');
      const accounts = (await api.current.get('auditor', '/v1/accounts').expect(200)).body.items;
      expect(response.body.rows.map((row: { account: string }) => row.account)).to.deep.equal(
        accounts.map((account: { code: string }) => account.code),
      );
      for (const account of accounts) {
        const row = response.body.rows.find(
          (candidate: { account: string }) => candidate.account === account.code,
        );
        expect(row, account.code).to.include({ type: account.type, balance: account.posted });
      }
      expect(response.body.totals.balance).to.equal('0.00');
      expect(response.body.totals.debit).to.equal(response.body.totals.credit);
      expect(response.body.totals.debit).to.not.equal('0.00');
    });

    it('trial balance — at an earlier date — only entries dated on or before it, as GET /v1/entries adds up', async () => {
      const entries = await postedEntries();
      for (const at of ['2026-10-31', '2026-11-06', '2026-11-20', '2026-11-25']) {
        const response = await api.current.get('staff', `/v1/reports/trial-balance?at=${at}`).expect(200);
        const debit = new Map<string, bigint>();
        const credit = new Map<string, bigint>();
        for (const entry of entries.filter((candidate) => candidate.date <= at)) {
          for (const posting of entry.postings) {
            const tiyn = BigInt(posting.amount.replace('.', ''));
            const side = tiyn > 0n ? debit : credit;
            side.set(posting.accountCode, (side.get(posting.accountCode) ?? 0n) + (tiyn > 0n ? tiyn : -tiyn));
          }
        }
        for (const row of response.body.rows) {
          const debitTiyn = debit.get(row.account) ?? 0n;
          const creditTiyn = credit.get(row.account) ?? 0n;
          expect(row, `${at} ${row.account}`).to.include({
            debit: tenge(debitTiyn),
            credit: tenge(creditTiyn),
            balance: tenge(debitTiyn - creditTiyn),
          });
        }
        expect(response.body.totals).to.deep.equal({
          debit: tenge(sumOf(debit.values())),
          credit: tenge(sumOf(credit.values())),
          balance: '0.00',
        });
      }
      const before = await api.current.get('staff', '/v1/reports/trial-balance?at=2026-01-01').expect(200);
      expect(before.body.totals).to.deep.equal({ debit: '0.00', credit: '0.00', balance: '0.00' });
    });
  });

  describe('bad queries', () => {
    const refusals: [string, number, string][] = [
      ['/v1/reports/recipients?unexpected=1', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/recipients?from=2026-02-30', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/recipients?to=25.11.2026', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/recipients?from=2026-11-30&to=2026-11-01', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/recipients?format=xml', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/recipients?format=CSV', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/recipients?region=KZ-00', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/recipients?category=toys', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/recipients?fund=abc', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/recipients?fund=0x1', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/recipients?fund=99999', 404, 'NOT_FOUND'],
      ['/v1/reports/recipients?region=KZ-75&region=KZ-71', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/patrons?region=KZ-75', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/patrons?fund=99999', 404, 'NOT_FOUND'],
      ['/v1/reports/funds?fund=1', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/funds?from=2026-12-01&to=2026-11-01', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/regions?region=KZ-75', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/regions?fund=99999', 404, 'NOT_FOUND'],
      ['/v1/reports/categories?category=food', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/categories?to=2026-13-01', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/trial-balance?at=2026-13-01', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/trial-balance?from=2026-01-01', 400, 'VALIDATION_FAILED'],
      ['/v1/reports/trial-balance?format=pdf', 400, 'VALIDATION_FAILED'],
    ];
    for (const [path, status, code] of refusals) {
      it(`GET ${path} — ${status} ${code}`, async () => {
        const response = await api.current.get('admin', path);
        expect(response.status, JSON.stringify(response.body)).to.equal(status);
        expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
        expect(response.body.code).to.equal(code);
      });
    }

    it('GET /v1/reports/* — patron and anonymous — 403 and 401, nothing revealed', async () => {
      for (const report of ['recipients', 'patrons', 'funds', 'regions', 'categories', 'trial-balance']) {
        const patron = await api.current.get('patron', `/v1/reports/${report}?format=csv`);
        expect(patron.status, report).to.equal(403);
        expect(patron.text).to.not.include(ledger.aliya.fullName);
        expect((await api.current.get('anonymous', `/v1/reports/${report}`)).status, report).to.equal(401);
      }
    });
  });
});
