// Proves that every report answers ?format=csv with a CSV document spreadsheets read as the JSON
// says: UTF-8 with a byte-order mark, a header row of the JSON field names, one line per JSON row
// with the same text (amounts with two decimals, negative ones too), a last «total» line, Kazakh
// and Russian letters intact, and a name that a spreadsheet would run as a formula neutralised.
import { expect } from 'chai';
import type { Response } from 'supertest';
import { useApi } from '../support/api-harness.js';
import { readCsv } from './csv-reader.js';
import { buildLedger, type Ledger, NOVEMBER } from './report-ledger.js';

const BYTE_ORDER_MARK = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/** The columns each report's CSV must have, in order, written down here from the JSON shapes. */
const HEADERS: Readonly<Record<string, readonly string[]>> = {
  recipients: ['recipientId', 'iin', 'fullName', 'region', 'aidCount', 'total', 'pending'],
  patrons: ['patronId', 'name', 'kind', 'anonymous', 'donationCount', 'total', 'pending'],
  funds: ['fundId', 'code', 'name', 'in', 'out', 'pending', 'posted', 'available'],
  regions: ['region', 'nameKk', 'nameRu', 'nameEn', 'aidCount', 'people', 'total', 'pending'],
  categories: ['category', 'aidCount', 'people', 'total', 'pending'],
  'trial-balance': ['account', 'type', 'debit', 'credit', 'balance'],
};

/** A JSON value as a spreadsheet-safe cell: what the CSV must hold for it. */
function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

function fieldOf(row: Record<string, unknown>, header: string): unknown {
  const name = row.name as Record<string, string> | undefined;
  if (header === 'nameKk') return name?.kk;
  if (header === 'nameRu') return name?.ru;
  if (header === 'nameEn') return name?.en;
  return row[header];
}

function expectCsvDocument(response: Response): string[][] {
  expect(response.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
  expect(response.text.startsWith(BYTE_ORDER_MARK), 'starts with a byte-order mark').to.equal(true);
  expect(response.text.slice(1)).to.not.include(BYTE_ORDER_MARK);
  return readCsv(response.text.slice(BYTE_ORDER_MARK.length));
}

describe('reports csv', () => {
  const api = useApi();
  let ledger: Ledger;
  before(async () => {
    ledger = await buildLedger(api.current);
  });

  /** The same report as JSON and as CSV: the CSV must say exactly what the JSON says. */
  const expectCsvMatchesJson = async (report: string, query = '') => {
    const separator = query === '' ? '?' : '&';
    const json = await api.current.get('staff', `/v1/reports/${report}${query}`).expect(200);
    const csv = await api.current
      .get('staff', `/v1/reports/${report}${query}${separator}format=csv`)
      .expect(200);
    const records = expectCsvDocument(csv);
    const headers = HEADERS[report] as readonly string[];
    expect(records[0], `${report} header`).to.deep.equal(headers);
    const rows = json.body.rows as Record<string, unknown>[];
    expect(records.slice(1, -1), `${report} rows`).to.deep.equal(
      rows.map((row) => headers.map((header) => cellOf(fieldOf(row, header)))),
    );
    const totals = json.body.totals as Record<string, unknown>;
    expect(records.at(-1), `${report} totals`).to.deep.equal(
      headers.map((header, index) => (index === 0 ? 'total' : cellOf(totals[header]))),
    );
    return records;
  };

  for (const report of Object.keys(HEADERS)) {
    it(`GET /v1/reports/${report}?format=csv — the whole ledger — BOM, header, the JSON rows and totals`, async () => {
      const records = await expectCsvMatchesJson(report);
      expect(records.length, 'header, at least one row, totals').to.be.above(2);
    });
  }

  it('GET /v1/reports/*?format=csv — with filters — the same rows as the JSON with the same filters', async () => {
    const november = `?from=${NOVEMBER.from}&to=${NOVEMBER.to}`;
    await expectCsvMatchesJson('recipients', `${november}&region=KZ-75`);
    await expectCsvMatchesJson('recipients', `?fund=${ledger.winterFundId}&category=medical`);
    await expectCsvMatchesJson('patrons', `?fund=${ledger.generalFundId}`);
    await expectCsvMatchesJson('funds', november);
    await expectCsvMatchesJson('regions', `${november}&category=food`);
    await expectCsvMatchesJson('categories', '?region=KZ-75');
    await expectCsvMatchesJson('trial-balance', '?at=2026-11-06');
    const json = await api.current.get('staff', '/v1/reports/regions?format=json').expect(200);
    expect(json.body).to.deep.equal((await api.current.get('staff', '/v1/reports/regions').expect(200)).body);
  });

  it('recipients csv — Kazakh names and a name like =HYPERLINK("x") — letters intact, the formula neutralised', async () => {
    const records = await expectCsvMatchesJson('recipients');
    const nameOf = (id: number) => records.find((record) => record[0] === String(id))?.[2];
    expect(nameOf(ledger.aliya.id)).to.equal('Әлия Қасымова');
    expect(nameOf(ledger.nursultan.id)).to.equal('Нұрсұлтан Ғабитұлы');
    expect(nameOf(ledger.formula.id)).to.equal(`'=HYPERLINK("x")`);
    for (const record of records) {
      for (const cell of record) {
        expect(
          FORMULA_START.test(cell) && !NUMBER.test(cell),
          `cell ${cell} would run as a formula`,
        ).to.equal(false);
      }
    }
  });

  it('recipients csv — a reversal alone in the window — negative count and amount as plain numbers', async () => {
    const records = await expectCsvMatchesJson('recipients', '?from=2026-11-21');
    expect(records[1]).to.deep.equal([
      String(ledger.nursultan.id),
      ledger.nursultan.iin,
      'Нұрсұлтан Ғабитұлы',
      'KZ-75',
      '-1',
      '-200000.00',
      '0.00',
    ]);
    expect(records.at(-1)).to.deep.equal(['total', '', '', '', '-1', '-200000.00', '0.00']);
  });

  it('patrons, regions and trial balance csv — Cyrillic, Kazakh and «» intact; booleans and blanks as text', async () => {
    const patrons = await expectCsvMatchesJson('patrons');
    expect(patrons.find((record) => record[0] === String(ledger.bereke))?.slice(1, 4)).to.deep.equal([
      'ТОО «Береке»',
      'organization',
      'false',
    ]);
    expect(patrons.find((record) => record[0] === String(ledger.hidden))?.[3]).to.equal('true');
    expect(patrons.at(-2)?.slice(0, 4), 'donations without a patron').to.deep.equal(['', '', '', 'false']);
    const regions = await expectCsvMatchesJson('regions');
    expect(regions.find((record) => record[0] === 'KZ-61')?.slice(1, 4)).to.deep.equal([
      'Түркістан облысы',
      'Туркестанская область',
      'Turkistan Region',
    ]);
    const trialBalance = await expectCsvMatchesJson('trial-balance');
    expect(trialBalance.at(-1)?.[4]).to.equal('0.00');
  });
});
