// Proves that text a hostile client may legitimately store — a patron's or recipient's name, a fund's
// name, a reason, a request id, an email — comes out of every spreadsheet-bound output neutralised:
// the ledger's CSV and XLSX exports, every report as CSV and the activity listing as CSV. No cell
// starts with = + - @ tab or CR (unless it is a plain number), no XLSX cell is a formula, and the
// hostile text is really there (prefixed with an apostrophe), so the check cannot pass by emptiness.
// SQL injection strings are stored and read back verbatim, and the journal still verifies.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { taxIdCheckDigit } from '../../src/people/tax-id.js';
import { readCsv } from '../reports/csv-reader.js';
import { TEST_PASSWORD, useApi } from '../support/api-harness.js';
import { FORMULA_STRINGS, looksLikeFormula, SQL_INJECTION_STRINGS } from './hostile-strings.js';

/** Every CSV a spreadsheet user downloads (SPEC §7), and the audit listing. */
const CSV_PATHS = [
  '/v1/exports/ledger?format=csv',
  '/v1/reports/recipients?format=csv',
  '/v1/reports/patrons?format=csv',
  '/v1/reports/funds?format=csv',
  '/v1/reports/regions?format=csv',
  '/v1/reports/categories?format=csv',
  '/v1/reports/trial-balance?format=csv',
  '/v1/audit/activity?format=csv',
];

/** Paths whose output must hold hostile text (the others hold only fixed names, ids and amounts). */
const HOLDING_HOSTILE_TEXT = [
  '/v1/exports/ledger?format=csv',
  '/v1/reports/recipients?format=csv',
  '/v1/reports/patrons?format=csv',
  '/v1/reports/funds?format=csv',
  '/v1/audit/activity?format=csv',
];

/** A valid IIN (check digit per SPEC §5) for the n-th recipient. */
function validIin(n: number): string {
  for (let serial = n * 10; ; serial += 1) {
    const first11 = `9001013${String(serial).padStart(4, '0')}`;
    const check = taxIdCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
}

/** What the server stores of a text: trimmed (tab and CR prefixes go) and NFC. */
const stored = (text: string) => text.trim().normalize('NFC');

describe('spreadsheet injection and SQL injection', () => {
  const api = useApi();
  /** Neutralised texts the outputs must hold, by path. */
  const expectedIn: Record<string, Set<string>> = {};
  const expect201 = async (response: Promise<Response>) => {
    const answer = await response;
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    return answer.body as { id: number; entryId: number };
  };
  const note = (path: string, text: string) => {
    expectedIn[path] ??= new Set();
    expectedIn[path].add(`'${stored(text)}`);
  };

  before(async () => {
    const a = api.current;
    const fund = await expect201(
      a.post('admin', '/v1/funds', { code: 'inject', name: FORMULA_STRINGS[0], restricted: false }),
    );
    note('/v1/reports/funds?format=csv', FORMULA_STRINGS[0]);
    await expect201(a.post('staff', '/v1/donations', { amount: '1000000.00', fundId: fund.id }));
    for (const [index, text] of FORMULA_STRINGS.entries()) {
      const patron = await expect201(a.post('staff', '/v1/patrons', { name: text, kind: 'individual' }));
      const donation = await expect201(
        a.post('staff', '/v1/donations', { patronId: patron.id, amount: '10.00', fundId: fund.id }),
      );
      note('/v1/reports/patrons?format=csv', text);
      const recipient = await expect201(
        a.post('staff', '/v1/recipients', { iin: validIin(index), fullName: text, region: 'KZ-75' }),
      );
      await expect201(
        a.post('staff', '/v1/aid', {
          recipientId: recipient.id,
          fundId: fund.id,
          amount: '5.00',
          category: 'food',
        }),
      );
      note('/v1/reports/recipients?format=csv', text);
      await expect201(a.post('staff', `/v1/entries/${donation.entryId}/reverse`, { reason: text }));
      note('/v1/exports/ledger?format=csv', text);
    }
    // A request id may start with "-": it is stored on the entry and listed by the audit listing.
    await expect201(
      a.post('staff', '/v1/donations', { amount: '1.00', fundId: fund.id }, { 'X-Request-Id': '-2-3-cmd' }),
    );
    note('/v1/exports/ledger?format=csv', '-2-3-cmd');
    note('/v1/audit/activity?format=csv', '-2-3-cmd');
    // An email may start with "+" or "-"; a user with one makes entries the activity listing names.
    const email = '-cmd@test.kz';
    await expect201(a.post('admin', '/v1/users', { email, password: TEST_PASSWORD, role: 'staff' }));
    const login = await a.post('anonymous', '/v1/auth/login', { email, password: TEST_PASSWORD }).expect(200);
    await a
      .post('anonymous', '/v1/donations', { amount: '2.00' })
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(201);
    note('/v1/audit/activity?format=csv', email);
  });

  for (const path of CSV_PATHS) {
    it(`GET ${path} — after hostile names, reasons, request ids and emails — no cell a spreadsheet would run`, async () => {
      const response = await api.current.get('auditor', path).expect(200);
      expect(response.headers['content-type']).to.match(/^text\/csv/);
      const cells = readCsv(response.text.replace(/^\uFEFF/, '')).flat();
      const formulas = cells.filter(looksLikeFormula);
      expect(formulas, 'cells a spreadsheet would run as formulas').to.deep.equal([]);
      if (HOLDING_HOSTILE_TEXT.includes(path)) expect(expectedIn[path], path).to.not.equal(undefined);
      for (const neutralised of expectedIn[path] ?? []) {
        expect(cells, `${path} holds the hostile text, neutralised`).to.include(neutralised);
      }
    });
  }

  it('GET /v1/exports/ledger?format=xlsx — after hostile reasons and request ids — no formula cell, no text starting like one', async () => {
    const response = await api.current.get('auditor', '/v1/exports/ledger?format=xlsx').responseType('blob');
    expect(response.status).to.equal(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
    const texts: string[] = [];
    workbook.eachSheet((sheet) => {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          expect(cell.type, `cell ${cell.address} of ${sheet.name}`).to.not.equal(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') texts.push(cell.value);
        });
      });
    });
    expect(texts.filter(looksLikeFormula)).to.deep.equal([]);
    for (const neutralised of expectedIn['/v1/exports/ledger?format=csv'] ?? []) {
      expect(texts, 'the XLSX holds the hostile text, neutralised').to.include(neutralised);
    }
  });

  it('POST /v1/patrons — SQL injection strings as names — stored and read back verbatim; tables and chain intact', async () => {
    const before = await api.current.ledgerState();
    for (const text of SQL_INJECTION_STRINGS) {
      const created = await expect201(
        api.current.post('staff', '/v1/patrons', { name: text, kind: 'organization' }),
      );
      const read = await api.current.get('staff', `/v1/patrons/${created.id}`).expect(200);
      expect(read.body.name).to.equal(stored(text));
    }
    expect(await api.current.ledgerState()).to.deep.equal(before);
    expect(before).to.include({ verified: true, trialBalance: '0.00' });
  });
});
