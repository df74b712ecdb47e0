// Proves GET /v1/public/summary: anyone may read it; it shows money donated and paid out (posted, net
// of reversals, pending left out), people helped, and aid per region, category and month; any group
// of fewer than 5 recipients is folded into one «other» row (4 recipients: folded; 5: shown; a person
// whose aid was reversed is not helped); no name, IIN or patron appears anywhere; ?year narrows it.
import { expect } from 'chai';
import { PUBLIC_SUMMARY_MAX_AGE_SECONDS } from '../../src/reports/report-service.js';
import { type ApiHarness, useApi } from '../support/api-harness.js';
import { type AidFact, aidEvents, type Event, helpedBy, sumOf, tenge, type Window } from './report-model.js';
import { type RecipientRecord, ReportScenario } from './report-scenario.js';

interface PublicRow {
  code: string;
  people: number;
  aidCount: number;
  total: string;
  name?: { kk: string; ru: string; en: string };
}

interface Summary {
  year: number | null;
  currency: string;
  minimumGroupSize: number;
  totals: { donated: string; disbursed: string; aidCount: number; peopleHelped: number };
  regions: PublicRow[];
  categories: PublicRow[];
  months: PublicRow[];
}

const MINIMUM = 5;
const PATRON_NAME = 'Сәуле Демеуші';

/**
 * The rows the summary must show for one dimension: money paid and reversed (never pending) per
 * group; groups with 5 or more people helped shown, the rest (and a real `other`) in one «other» row.
 */
function expectedRows(
  facts: readonly AidFact[],
  window: Window,
  groupOf: (event: Event<AidFact>) => string,
): { code: string; people: number; aidCount: number; total: string }[] {
  const events = aidEvents(facts, window).filter((event) => event.kind !== 'pending');
  const helped = helpedBy(events, groupOf);
  const groups = [...new Set(events.map(groupOf))];
  const peopleIn = (members: readonly string[]) =>
    new Set(members.flatMap((group) => [...(helped.get(group) ?? [])])).size;
  const shown = groups.filter((group) => group !== 'other' && peopleIn([group]) >= MINIMUM).sort();
  const folded = groups.filter((group) => !shown.includes(group));
  const rowOf = (code: string, members: readonly string[]) => {
    const inside = events.filter((event) => members.includes(groupOf(event)));
    return {
      code,
      people: peopleIn(members),
      aidCount: inside.reduce((sum, event) => sum + event.count, 0),
      total: tenge(sumOf(inside.map((event) => event.postedTiyn))),
    };
  };
  const rows = shown.map((group) => rowOf(group, [group]));
  return folded.length === 0 ? rows : [...rows, rowOf('other', folded)];
}

const byRegion = (event: Event<AidFact>) => event.fact.region;
const byCategory = (event: Event<AidFact>) => event.fact.category;
const byMonth = (event: Event<AidFact>) => event.date.slice(0, 7);

function withoutNames(rows: PublicRow[]) {
  return rows.map(({ name: _name, ...row }) => row);
}

describe('public summary', () => {
  const api = useApi();
  let scenario: ReportScenario;
  let generalFundId: number;
  const kz71: RecipientRecord[] = [];

  /** The summary as it is after its cache has aged out (it is recounted at most once a minute). */
  const summary = async (query = ''): Promise<Summary> => {
    api.current.testDatabase.clock.advance(PUBLIC_SUMMARY_MAX_AGE_SECONDS + 1);
    const response = await api.current.get('anonymous', `/v1/public/summary${query}`).expect(200);
    expect(response.headers['content-type']).to.match(/^application\/json/);
    return response.body;
  };

  const pay = (recipient: RecipientRecord, category: string, amount: string, date: string) =>
    scenario.pay({ recipient, fundId: generalFundId, category, amount, date });

  before(async () => {
    const harness: ApiHarness = api.current;
    scenario = new ReportScenario(harness);
    generalFundId = (await harness.get('admin', '/v1/funds').expect(200)).body.items[0].id;
    const patronId = await scenario.patron(PATRON_NAME);
    await scenario.donate({ patronId, fundId: generalFundId, amount: '10000000.00', date: '2026-06-01' });
    await scenario.donate({ patronId, fundId: generalFundId, amount: '100000.00', date: '2025-12-01' });
    const reversedGift = await scenario.donate({
      fundId: generalFundId,
      amount: '777.00',
      date: '2026-06-02',
    });
    await scenario.reverse(reversedGift, '2026-06-03');
    await scenario.declare({ fundId: generalFundId, amount: '5000.00', date: '2026-11-01' });

    // KZ-75: five people with food aid in November (shown); one of them also had cash aid in 2025,
    // another has aid pending (not counted anywhere public).
    const kz75: RecipientRecord[] = [];
    for (const index of [1, 2, 3, 4, 5]) {
      const recipient = await scenario.recipient(`Алматы Тұрғын ${index}`, 'KZ-75');
      kz75.push(recipient);
      await pay(recipient, 'food', '1000.00', '2026-11-05');
    }
    await pay(kz75[0] as RecipientRecord, 'cash', '500.00', '2025-12-15');
    await pay(kz75[1] as RecipientRecord, 'medical', '600000.00', '2026-11-06');
    // KZ-71: four people with food aid in November (folded).
    for (const index of [1, 2, 3, 4]) {
      const recipient = await scenario.recipient(`Астана Тұрғын ${index}`, 'KZ-71');
      kz71.push(recipient);
      await pay(recipient, 'food', '1000.00', '2026-11-06');
    }
    // KZ-11: one person with medical aid in October (folded).
    await pay(await scenario.recipient('Ақмола Тұрғын', 'KZ-11'), 'medical', '2000.00', '2026-10-10');
    // KZ-79: five people paid housing aid in September, one of them reversed: four helped (folded).
    for (const index of [1, 2, 3, 4, 5]) {
      const recipient = await scenario.recipient(`Шымкент Тұрғын ${index}`, 'KZ-79');
      const aid = await pay(recipient, 'housing', '3000.00', '2026-09-02');
      if (index === 5) await scenario.reverse(aid, '2026-09-03');
    }
  });

  it('GET /v1/public/summary — anyone, no login — totals posted net of reversals, pending left out', async () => {
    const body = await summary();
    expect(body).to.include({ year: null, currency: 'KZT', minimumGroupSize: MINIMUM });
    expect(body.totals).to.deep.equal({
      donated: '10100000.00',
      disbursed: '23500.00',
      aidCount: 15,
      peopleHelped: 14,
    });
  });

  it('GET /v1/public/summary — regions, categories, months — groups under 5 people folded into «other»', async () => {
    const body = await summary();
    expect(withoutNames(body.regions)).to.deep.equal(expectedRows(scenario.aid, {}, byRegion));
    expect(body.categories).to.deep.equal(expectedRows(scenario.aid, {}, byCategory));
    expect(body.months).to.deep.equal(expectedRows(scenario.aid, {}, byMonth));
    // Written out by hand as well: KZ-75 has five people and is shown; KZ-71 (four), KZ-11 (one) and
    // KZ-79 (five paid, one reversed: four helped) are folded.
    expect(body.regions).to.deep.equal([
      {
        code: 'KZ-75',
        people: 5,
        aidCount: 6,
        total: '5500.00',
        name: { kk: 'Алматы қаласы', ru: 'г.Алматы', en: 'Almaty' },
      },
      {
        code: 'other',
        people: 9,
        aidCount: 9,
        total: '18000.00',
        name: { kk: 'Басқа', ru: 'Другое', en: 'Other' },
      },
    ]);
    expect(body.categories.map((row) => [row.code, row.people])).to.deep.equal([
      ['food', 9],
      ['other', 6],
    ]);
    expect(body.months.map((row) => [row.code, row.people, row.total])).to.deep.equal([
      ['2026-11', 9, '9000.00'],
      ['other', 6, '14500.00'],
    ]);
    for (const rows of [body.regions, body.categories, body.months]) {
      expect(sumOf(rows.map((row) => BigInt(row.total.replace('.', ''))))).to.equal(2_350_000n);
    }
  });

  it('GET /v1/public/summary — the fifth person helped in a region — the region is shown, no longer folded', async () => {
    const before = await summary();
    expect(before.regions.map((row) => row.code)).to.not.include('KZ-71');
    const fifth = await scenario.recipient('Астана Тұрғын 5', 'KZ-71');
    kz71.push(fifth);
    await pay(fifth, 'education', '250.00', '2026-11-07');
    const after = await summary();
    expect(after.regions.find((row) => row.code === 'KZ-71')).to.deep.equal({
      code: 'KZ-71',
      people: 5,
      aidCount: 5,
      total: '4250.00',
      name: { kk: 'Астана қаласы', ru: 'г.Астана', en: 'Astana' },
    });
    expect(after.regions.find((row) => row.code === 'other')).to.include({ people: 5, total: '14000.00' });
    expect(withoutNames(after.regions)).to.deep.equal(expectedRows(scenario.aid, {}, byRegion));
    expect(after.categories).to.deep.equal(expectedRows(scenario.aid, {}, byCategory));
    expect(after.months).to.deep.equal(expectedRows(scenario.aid, {}, byMonth));
    expect(after.totals).to.include({ disbursed: '23750.00', peopleHelped: 15 });
  });

  it('GET /v1/public/summary — new aid within a minute of the last count — the old count, then the new one', async () => {
    await pay(await scenario.recipient('Жаңа Алушы 1', 'KZ-75'), 'food', '1.00', '2026-11-08');
    const counted = await summary();
    await pay(await scenario.recipient('Жаңа Алушы 2', 'KZ-75'), 'food', '1.00', '2026-11-08');
    const soon = await api.current.get('anonymous', '/v1/public/summary').expect(200);
    expect(soon.body).to.deep.equal(counted);
    const later = await summary();
    expect(later.totals.disbursed).to.not.equal(counted.totals.disbursed);
  });

  it('GET /v1/public/summary — the whole body — no recipient name or IIN, no patron, no ids of people', async () => {
    for (const query of ['', '?year=2026', '?year=2025']) {
      const text = JSON.stringify(await summary(query));
      for (const recipient of scenario.recipients) {
        expect(text, query).to.not.include(recipient.fullName);
        expect(text, query).to.not.include(recipient.iin);
        expect(text, query).to.not.include(recipient.iin.slice(-4).padStart(12, '*'));
      }
      expect(text).to.not.include(PATRON_NAME);
      expect(text).to.not.include('Асель Патрон');
      for (const key of ['"iin"', '"fullName"', '"recipientId"', '"patronId"', '"patron"', '"email"']) {
        expect(text, `${query} ${key}`).to.not.include(key);
      }
    }
  });

  it('GET /v1/public/summary?year= — one calendar year only', async () => {
    const year2025 = await summary('?year=2025');
    expect(year2025.year).to.equal(2025);
    expect(year2025.totals).to.deep.equal({
      donated: '100000.00',
      disbursed: '500.00',
      aidCount: 1,
      peopleHelped: 1,
    });
    expect(withoutNames(year2025.regions)).to.deep.equal([
      { code: 'other', people: 1, aidCount: 1, total: '500.00' },
    ]);
    expect(year2025.months).to.deep.equal([{ code: 'other', people: 1, aidCount: 1, total: '500.00' }]);
    const window = { from: '2026-01-01', to: '2026-12-31' };
    const year2026 = await summary('?year=2026');
    expect(year2026.totals).to.include({ donated: '10000000.00', disbursed: '23252.00', peopleHelped: 17 });
    expect(withoutNames(year2026.regions)).to.deep.equal(expectedRows(scenario.aid, window, byRegion));
    expect(year2026.categories).to.deep.equal(expectedRows(scenario.aid, window, byCategory));
    expect(year2026.months).to.deep.equal(expectedRows(scenario.aid, window, byMonth));
    const empty = await summary('?year=2020');
    expect(empty).to.deep.include({
      totals: { donated: '0.00', disbursed: '0.00', aidCount: 0, peopleHelped: 0 },
      regions: [],
      categories: [],
      months: [],
    });
  });

  for (const query of [
    '?year=26',
    '?year=abcd',
    '?year=1800',
    '?year=2026&year=2025',
    '?from=2026-01-01',
    '?format=csv',
  ]) {
    it(`GET /v1/public/summary${query} — 400 VALIDATION_FAILED`, async () => {
      const response = await api.current.get('anonymous', `/v1/public/summary${query}`);
      expect(response.status, JSON.stringify(response.body)).to.equal(400);
      expect(response.body.code).to.equal('VALIDATION_FAILED');
    });
  }
});
