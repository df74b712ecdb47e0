// Proves the ledger exports (SPEC §7): every format carries every entry with its postings, hashes
// and the journal head; CSV and XLSX neutralise formulas; the NDJSON export verifies offline; the
// hledger, ledger and Beancount tools read our files and reach the ledger's own totals; an export
// reads one snapshot while the journal grows; and only auditors, staff and admins may export.
import { Writable } from 'node:stream';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { CSV_END_MARKER, JOURNAL_COLUMNS } from '../../src/exports/export-csv.js';
import { verifyExport } from '../../src/exports/export-verifier.js';
import { XLSX_EXPORT_SHEET, XLSX_JOURNAL_SHEET } from '../../src/exports/export-xlsx.js';
import { Money } from '../../src/money/money.js';
import { type ApiHarness, useApi } from '../support/api-harness.js';
import { FORMULA_MEMO, type GeneratedLedger, generateLedger } from './export-fixtures.js';
import { hledgerCsvBalances, ledgerBalances, requireTool, runTool, temporaryFile } from './export-tools.js';

async function exported(api: ApiHarness, query: string, actor: 'auditor' | 'staff' | 'admin' = 'auditor') {
  const response: Response = await api.get(actor, `/v1/exports/ledger?${query}`).responseType('blob');
  expect(response.status, String(response.body)).to.equal(200);
  return { response, body: response.body as Buffer, text: (response.body as Buffer).toString('utf8') };
}

/** The ledger's own posted balances, non-zero ones only, by account code. */
async function postedBalances(api: ApiHarness): Promise<Map<string, string>> {
  const accounts = await api.services.ledger.accounts();
  return new Map(
    accounts
      .filter((account) => !account.posted.isZero())
      .map((account) => [account.code, account.posted.toString()]),
  );
}

function nonZero(balances: Map<string, string>): Map<string, string> {
  return new Map([...balances].filter(([, amount]) => amount !== '0.00'));
}

describe('ledger export', () => {
  const api = useApi();
  let generated: GeneratedLedger;
  let headHash: string;
  let entryCount: number;

  before(async () => {
    generated = await generateLedger(api.current.services);
    const head = await api.current.services.ledger.journalHead();
    headHash = head.lastHash;
    entryCount = head.lastEntryId;
    expect((await api.current.services.ledger.verify()).ok).to.equal(true);
  });

  describe('over HTTP', () => {
    it('GET /v1/exports/ledger — each format — 200, its content type, a download name, the head hash', async () => {
      const expected = {
        csv: /^text\/csv; charset=utf-8/,
        ndjson: /^application\/x-ndjson/,
        xlsx: /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/,
        hledger: /^text\/plain; charset=utf-8/,
        beancount: /^text\/plain; charset=utf-8/,
      };
      for (const [format, contentType] of Object.entries(expected)) {
        const { response, text } = await exported(api.current, `format=${format}`);
        expect(response.headers['content-type'], format).to.match(contentType);
        expect(response.headers['content-disposition'], format).to.match(
          /^attachment; filename="?jomart-ledger\./,
        );
        if (format !== 'xlsx') expect(text, format).to.include(headHash);
      }
    });

    it('GET /v1/exports/ledger — no format — NDJSON, for every reader role', async () => {
      for (const actor of ['admin', 'staff', 'auditor'] as const) {
        const { text } = await exported(api.current, '', actor);
        expect(JSON.parse(text.split('\n')[0] ?? '')).to.include({
          format: 'jomart-ledger-export',
          headHash,
        });
      }
    });

    it('GET /v1/exports/ledger — patron or anonymous — 403 and 401', async () => {
      expect((await api.current.get('patron', '/v1/exports/ledger')).status).to.equal(403);
      expect((await api.current.get('anonymous', '/v1/exports/ledger')).status).to.equal(401);
    });

    it('GET /v1/exports/ledger — unknown format, bad date, from after to, unknown field — 400 problems', async () => {
      for (const query of ['format=pdf', 'from=2026-02-30', 'from=2026-11-02&to=2026-11-01', 'limit=5']) {
        const response = await api.current.get('auditor', `/v1/exports/ledger?${query}`);
        expect(response.status, query).to.equal(400);
        expect(response.headers['content-type'], query).to.match(/^application\/problem\+json/);
        expect(response.headers['content-disposition'], query).to.equal(undefined);
        expect(response.body.code, query).to.equal('VALIDATION_FAILED');
      }
    });
  });

  describe('NDJSON', () => {
    it('ndjson — whole journal — header, every entry with its hash fields, trailer; verifies offline', async () => {
      const { text } = await exported(api.current, 'format=ndjson');
      const lines = text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      const [header, ...rest] = lines;
      const trailer = rest.pop();
      expect(header).to.include({
        type: 'header',
        version: 1,
        headHash,
        entries: entryCount,
        from: null,
        to: null,
      });
      expect(header.accounts.map((account: { code: string }) => account.code)).to.include(
        'assets:funds:winter-2026',
      );
      expect(trailer).to.deep.equal({ type: 'end', entries: entryCount, headHash });
      expect(rest.map((entry) => entry.id)).to.deep.equal(
        Array.from({ length: entryCount }, (_, index) => index + 1),
      );
      const formula = rest.find((entry) => entry.id === generated.formulaEntryId);
      expect(formula).to.include({ memo: FORMULA_MEMO, status: 'posted', kind: 'donation' });
      expect(formula.postings[0]).to.deep.include({ amountTiyn: '1000', amount: '10.00', patronId: 3 });
      const reversal = rest.find((entry) => entry.id === generated.reversalEntryId);
      expect(reversal).to.include({ reversesEntryId: generated.aidEntryId });
      expect(new Set(rest.map((entry) => entry.status))).to.deep.equal(
        new Set(['posted', 'pending', 'voided']),
      );
      const result = await verifyExport(text.split('\n'));
      expect(result, result.problem ?? '').to.include({
        ok: true,
        partial: false,
        entries: entryCount,
        headHash,
      });
    });

    it('ndjson — value dates from..to — only those entries, stated partial, verifies as partial', async () => {
      const { response, text } = await exported(api.current, 'format=ndjson&from=2026-10-01&to=2026-10-31');
      expect(response.headers['content-disposition']).to.include(
        'jomart-ledger_2026-10-01_2026-10-31.ndjson',
      );
      const lines = text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines[0]).to.include({
        from: '2026-10-01',
        to: '2026-10-31',
        entries: 2,
        journalEntries: entryCount,
      });
      expect(lines.slice(1, -1).map((entry) => entry.id)).to.deep.equal(generated.octoberEntryIds);
      const result = await verifyExport(text.split('\n'));
      expect(result, result.problem ?? '').to.include({ ok: true, partial: true, entries: 2 });
    });
  });

  describe('CSV and XLSX', () => {
    it('csv — BOM, one row per posting, formulas neutralised, Kazakh intact, #end row with the head hash', async () => {
      const { text } = await exported(api.current, 'format=csv');
      expect(text.startsWith('\uFEFFentry_id,date,status,kind,memo,')).to.equal(true);
      const rows = text.slice(1).trimEnd().split('\r\n');
      expect(rows[0]).to.equal(JOURNAL_COLUMNS.join(','));
      expect(text).to.include(`'${FORMULA_MEMO.replaceAll('"', '""')}`);
      expect(text).to.include("'+SUM(A1:A9) and @risky and -2+3");
      expect(text).to.not.match(/,=cmd/);
      expect(text).to.include('Қайырымдылық — Айгерім Сұлтанқызы');
      expect(text).to.include(',Пожертвование ТОО «Береке»; зима,');
      expect(rows.at(-1)).to.equal(
        `${CSV_END_MARKER},entries=${entryCount},journal_entries=${entryCount},head_hash=${headHash},from=,to=${','.repeat(JOURNAL_COLUMNS.length - 6)}`,
      );
      const postings = (await api.current.services.database.knex('postings').count({ count: '*' }).first())
        ?.count;
      const voided = (
        await api.current.services.database
          .knex('entries')
          .where({ status: 'voided' })
          .count({ count: '*' })
          .first()
      )?.count;
      // Header, one row per posting, one per voided entry (it has none), the #end row. Records end in
      // CRLF; a line break inside a memo is a bare LF within its quoted cell.
      expect(rows.length).to.equal(1 + Number(postings) + Number(voided) + 1);
      expect(text).to.include('"two\nlines; ""quoted"" \\ back\tslash  "');
    });

    it('xlsx — read back with exceljs — amounts numbers, formulas neutralised, Export sheet with the head hash', async () => {
      const { body } = await exported(api.current, 'format=xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(body as unknown as ArrayBuffer);
      const journal = workbook.getWorksheet(XLSX_JOURNAL_SHEET);
      const about = workbook.getWorksheet(XLSX_EXPORT_SHEET);
      if (!journal || !about) throw new Error('both sheets are there');
      expect(journal.getRow(1).values).to.deep.equal([undefined, ...JOURNAL_COLUMNS]);
      const amountColumn = JOURNAL_COLUMNS.indexOf('amount') + 1;
      const memoColumn = JOURNAL_COLUMNS.indexOf('memo') + 1;
      let formulaRows = 0;
      let totalTiyn = 0n;
      journal.eachRow((row, rowNumber) => {
        if (rowNumber === 1) return;
        for (let column = 1; column <= JOURNAL_COLUMNS.length; column += 1) {
          expect(row.getCell(column).type, `row ${rowNumber}`).to.not.equal(ExcelJS.ValueType.Formula);
        }
        const amount = row.getCell(amountColumn).value;
        if (amount !== null) {
          expect(amount).to.be.a('number');
          totalTiyn += BigInt(Math.round((amount as number) * 100));
        }
        if (row.getCell(memoColumn).value === `'${FORMULA_MEMO}`) formulaRows += 1;
      });
      expect(formulaRows).to.equal(2);
      const facts = new Map<string, unknown>();
      about.eachRow((row) => facts.set(String(row.getCell(1).value), row.getCell(2).value));
      expect(facts.get('head_hash')).to.equal(headHash);
      expect(facts.get('entries')).to.equal(entryCount);
      // Posted, pending and the posting entries of pending ones all balance: the column sums to zero.
      expect(totalTiyn).to.equal(0n);
    });
  });

  describe('hledger, ledger and Beancount', () => {
    it('hledger — hledger bal and ledger bal — exit 0, every account equals the posted balance', async function () {
      await requireTool(this, 'hledger');
      await requireTool(this, 'ledger');
      const { text } = await exported(api.current, 'format=hledger');
      expect(text).to.include(`; journal head hash: ${headHash}`);
      expect(text).to.include(`; journal entries: ${entryCount}`);
      const journal = temporaryFile('ledger.journal', text);
      try {
        const expected = await postedBalances(api.current);
        const hledger = hledgerCsvBalances(
          await runTool('hledger', ['-f', journal.file, 'bal', '-O', 'csv']),
        );
        expect(nonZero(hledger)).to.deep.equal(expected);
        const ledger = ledgerBalances(
          await runTool('ledger', ['-f', journal.file, 'bal', '--flat', '--no-total']),
        );
        expect(nonZero(ledger)).to.deep.equal(expected);
        // The auditor's own tool agrees with our trial balance, account by account.
        const trialBalance = await api.current.get('auditor', '/v1/reports/trial-balance').expect(200);
        const ours = new Map<string, string>(
          trialBalance.body.rows.map((row: { account: string; balance: string }) => [
            row.account,
            row.balance,
          ]),
        );
        expect(nonZero(hledger)).to.deep.equal(nonZero(ours));
      } finally {
        journal.remove();
      }
    });

    it('hledger — bal expenses --pivot recipient — the posted aid per recipient, net of reversals', async function () {
      await requireTool(this, 'hledger');
      const { text } = await exported(api.current, 'format=hledger');
      const journal = temporaryFile('ledger.journal', text);
      try {
        const output = await runTool('hledger', [
          '-f',
          journal.file,
          'bal',
          'expenses',
          '--pivot',
          'recipient',
          '-O',
          'csv',
        ]);
        const expected = new Map(
          [...generated.aidByRecipientTiyn]
            .filter(([, tiyn]) => tiyn !== 0n)
            .map(([recipientId, tiyn]) => [String(recipientId), Money.fromTiyn(tiyn).toString()]),
        );
        expect(nonZero(hledgerCsvBalances(output))).to.deep.equal(expected);
        // …and reproduces GET /v1/reports/recipients.
        const report = await api.current.get('auditor', '/v1/reports/recipients').expect(200);
        const ours = new Map<string, string>(
          report.body.rows.map((row: { recipientId: number; total: string }) => [
            String(row.recipientId),
            row.total,
          ]),
        );
        expect(nonZero(hledgerCsvBalances(output))).to.deep.equal(nonZero(ours));
      } finally {
        journal.remove();
      }
    });

    it('hledger — pending and voided entries — comments only; memos on one line without `;`', async () => {
      const { text } = await exported(api.current, 'format=hledger');
      const transactions = text.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2} /.test(line));
      const posted = await api.current.services.database
        .knex('entries')
        .where({ status: 'posted' })
        .count({ count: '*' })
        .first();
      expect(transactions.length).to.equal(Number(posted?.count));
      expect(transactions.every((line) => line.includes(' * ('))).to.equal(true);
      expect(text).to.match(/^; \d{4}-\d{2}-\d{2} ! \(\d+\) aid Оқу ақысы$/m);
      expect(text).to.include('donation two lines, "quoted" \\ back slash');
      expect(text).to.include('reversal Қате енгізілді — екі рет төленді повтор');
    });

    it('beancount — bean-check — exits 0; bean-query balances equal the posted balances', async function () {
      await requireTool(this, 'bean-check');
      const { text } = await exported(api.current, 'format=beancount');
      expect(text).to.include('option "operating_currency" "KZT"');
      expect(text).to.include(`; journal head hash: ${headHash}`);
      expect(text).to.include('open Assets:Funds:Winter-2026 KZT');
      const file = temporaryFile('ledger.beancount', text);
      try {
        await runTool('bean-check', [file.file]);
        await requireTool(this, 'bean-query');
        const output = await runTool('bean-query', [
          '-f',
          'csv',
          file.file,
          'SELECT account, sum(number) AS total GROUP BY account ORDER BY account',
        ]);
        const balances = new Map(
          output
            .trim()
            .split('\n')
            .slice(1)
            .map((line) => line.split(','))
            .map(([account, total]) => [
              String(account).trim(),
              Money.fromTiyn(BigInt(Math.round(Number(total) * 100))).toString(),
            ]),
        );
        const expected = await postedBalances(api.current);
        const beancountName = (code: string) =>
          code
            .split(':')
            .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
            .join(':');
        expect(nonZero(balances)).to.deep.equal(
          new Map([...expected].map(([code, amount]) => [beancountName(code), amount])),
        );
      } finally {
        file.remove();
      }
    });
  });

  describe('one snapshot', () => {
    it('writeLedger — entries recorded while it streams — not in the export, which still verifies', async () => {
      const services = api.current.services;
      const before = await services.ledger.journalHead();
      const chunks: Buffer[] = [];
      let recorded = false;
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          if (recorded) return done();
          recorded = true;
          services.ledger
            .record({
              kind: 'donation',
              status: 'posted',
              memo: 'written during the export',
              postings: [
                { accountCode: 'assets:funds:general', amount: Money.fromTiyn(100), patronId: 9 },
                { accountCode: 'income:donations', amount: Money.fromTiyn(-100), fundId: 1, patronId: 9 },
              ],
            })
            .then(() => done(), done);
        },
      });
      const summary = await services.exports.writeLedger({ format: 'ndjson' }, sink);
      expect(summary).to.include({ entries: before.lastEntryId, headHash: before.lastHash });
      expect((await services.ledger.journalHead()).lastEntryId).to.equal(before.lastEntryId + 1);
      const text = Buffer.concat(chunks).toString('utf8');
      expect(text).to.not.include('written during the export');
      const result = await verifyExport(text.split('\n'));
      expect(result, result.problem ?? '').to.include({ ok: true, entries: before.lastEntryId });
      entryCount = before.lastEntryId + 1;
      headHash = (await services.ledger.journalHead()).lastHash;
    });

    it('writeLedger — the reader goes away mid-export — rejects, and the ledger carries on', async () => {
      const services = api.current.services;
      const sink = new Writable({
        highWaterMark: 1,
        write(_chunk, _encoding, done) {
          this.destroy();
          done();
        },
      });
      let failure: unknown;
      await services.exports.writeLedger({ format: 'csv' }, sink).catch((error: unknown) => {
        failure = error;
      });
      expect(failure).to.be.instanceOf(Error);
      await services.ledger.record({
        kind: 'donation',
        status: 'posted',
        postings: [
          { accountCode: 'assets:funds:general', amount: Money.fromTiyn(100), patronId: 9 },
          { accountCode: 'income:donations', amount: Money.fromTiyn(-100), fundId: 1, patronId: 9 },
        ],
      });
      expect((await services.ledger.verify()).ok).to.equal(true);
    });
  });
});
