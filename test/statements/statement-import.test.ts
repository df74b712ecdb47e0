/** Proves the statement import books good rows once, rejects bad rows alone, and keeps the ledger whole. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import iconv from 'iconv-lite';
import type { Requester } from '../../src/auth/roles.js';
import { taxIdCheckDigit } from '../../src/people/tax-id.js';
import { RejectsFile } from '../../src/statements/rejects-file.js';
import { BATCH_ROWS, StatementImportService } from '../../src/statements/statement-import-service.js';
import { StatementReader } from '../../src/statements/statement-reader.js';
import { useTestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const SAMPLE = path.resolve('scripts/sample-statement.csv');
const HEADER = 'date;amount;reference;payer_name;payer_iin_bin;purpose';

describe('statement import', () => {
  const test = useTestDatabase();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-statement-'));
  let requester: Requester;

  before(async () => {
    await test.current.services.users.create(
      { email: 'admin@jomart.kz', password: 'admin-password-1', role: 'admin' },
      null,
    );
    requester = await new StatementImportService(test.current.services).requesterFor(undefined);
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  async function importFile(file: string) {
    const service = new StatementImportService(test.current.services);
    const reader = await StatementReader.open(file);
    const rejects = new RejectsFile(RejectsFile.pathFor(file), reader.format);
    try {
      return await service.import(
        reader,
        { ...requester, requestId: `test:${Math.random()}` },
        {
          rejected: (problem) => rejects.write(problem),
          progress: () => {},
        },
      );
    } finally {
      reader.close();
      await rejects.close();
    }
  }

  async function ledgerState() {
    const { services } = test.current;
    const entries = (await services.ledger.journalHead()).lastEntryId;
    const funds = (await services.ledger.accounts()).map((account) => `${account.code}=${account.posted}`);
    return { entries, funds };
  }

  async function assertLedgerWhole() {
    const { services } = test.current;
    expect((await services.ledger.verify()).ok).to.equal(true);
    expect((await services.reports.trialBalance()).totals.balance.isZero()).to.equal(true);
  }

  it('import — the sample twice — booked once, second run skips every row', async () => {
    const first = await importFile(SAMPLE);
    expect(first).to.include({ booked: 5, alreadyBooked: 0, rejected: 0 });
    expect(first.totalBooked.toString()).to.equal('1642346.17');
    const state = await ledgerState();
    const second = await importFile(SAMPLE);
    expect(second).to.include({ booked: 0, alreadyBooked: 5, rejected: 0 });
    expect(await ledgerState()).to.deep.equal(state);
    await assertLedgerWhole();
  });

  it('import — broken lines and bad amounts — good rows booked, bad ones in the rejects file', async () => {
    const file = path.join(directory, 'bad.csv');
    const lines = [
      HEADER,
      '01.11.2026;100,50;BAD-1;Иван Петров;;ok',
      '01.11.2026;1.234,56;BAD-2;x;;ambiguous',
      '01.11.2026;1,234.56;BAD-3;x;;ambiguous',
      '01.11.2026;-100;BAD-4;x;;negative',
      '01.11.2026;0;BAD-5;x;;zero',
      '01.11.2026;12.345;BAD-6;x;;three digits',
      '01.11.2026;;BAD-7;x;;empty amount',
      '01.11.2026;10;;x;;empty reference',
      'broken line without separators',
      '01.11.2026;10;BAD-1;x;;duplicate in file',
      '2026-11-02;200;BAD-8;ТОО Ромашка;950740000011;ok',
    ];
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const before = await ledgerState();
    const summary = await importFile(file);
    expect(summary).to.include({ booked: 2, rejected: 9 });
    expect((await ledgerState()).entries).to.equal(before.entries + 2);
    const rejects = fs.readFileSync(path.join(directory, 'bad.rejects.csv'), 'utf8');
    for (const line of [3, 4, 5, 6, 7, 8, 9, 10, 11]) expect(rejects).to.match(new RegExp(`^${line};`, 'm'));
    await assertLedgerWhole();
  });

  it('import — two and a half batches of rows — payers matched once, a row breaking a rule refused alone', async () => {
    const { services } = test.current;
    const file = path.join(directory, 'batches.csv');
    // Three payers with valid IINs, each giving many times: three new patrons, however the batches fall.
    const iins = ['8501024001', '7703155002', '9907304003'].map(withCheckDigit);
    const lines = [HEADER];
    const rows = 2 * BATCH_ROWS + BATCH_ROWS / 2;
    const [anonymous, nameless, repeated] = [BATCH_ROWS + 50, BATCH_ROWS + 60, BATCH_ROWS + 100];
    for (let row = 1; row <= rows; row += 1) {
      const iin = iins[row % iins.length] as string;
      const payer = `Плательщик ${iin}`;
      let line = `03.11.2026;${row},00;BATCH-${row};${payer};${iin};помощь`;
      if (row === anonymous) line = `03.11.2026;${row},00;BATCH-${row};;;анонимно`;
      if (row === nameless) line = `03.11.2026;${row},00;BATCH-${row};;111111111110;no name, unknown number`;
      if (row === repeated) line = `03.11.2026;${row},00;BATCH-10;Плательщик;;the reference of row 10 again`;
      lines.push(line);
    }
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const patronsBefore = (await services.patrons.list({ beforeId: undefined, limit: 1000 })).items.length;
    const before = await ledgerState();
    const summary = await importFile(file);
    expect(summary).to.include({ rows, booked: rows - 2, rejected: 2 });
    expect((await ledgerState()).entries).to.equal(before.entries + rows - 2);
    const rejects = fs.readFileSync(path.join(directory, 'batches.rejects.csv'), 'utf8');
    // Lines count the header: row n is on line n + 1.
    expect(rejects).to.match(new RegExp(`^${nameless + 1};.*payer_name is empty`, 'm'));
    expect(rejects).to.match(new RegExp(`^${repeated + 1};.*BATCH-10 appears earlier in this file`, 'm'));
    const patronsAfter = (await services.patrons.list({ beforeId: undefined, limit: 1000 })).items;
    // One patron per new IIN/BIN, however many rows and batches name it; none for the anonymous row.
    expect(patronsAfter.length - patronsBefore).to.equal(iins.length);
    await assertLedgerWhole();
  });

  it('import — Windows-1251 file with "," — booked', async () => {
    const file = path.join(directory, 'cp1251.csv');
    const text = `${HEADER.replaceAll(';', ',')}\n05.11.2026,"1 000,00",CP-1,Иван Петров,,помощь\n`;
    fs.writeFileSync(file, iconv.encode(text, 'win1251'));
    expect(await importFile(file)).to.include({ booked: 1, rejected: 0 });
  });

  it('jomart import-statement — a real process — exit 0, then 2 on a binary file with nothing booked', async () => {
    const environment = { ...process.env, ...test.current.environment };
    const file = path.join(directory, 'cli.csv');
    fs.writeFileSync(file, `${HEADER}\n06.11.2026;700;CLI-1;Иван Петров;;cli\n`);
    const { stdout } = await run('node', ['--import', 'tsx', 'src/cli/jomart.ts', 'import-statement', file], {
      env: environment,
    });
    expect(stdout).to.match(/1 booked, 0 skipped as already booked, 0 rejected; total booked 700.00 KZT/);
    const binary = path.join(directory, 'image.csv');
    fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const before = await ledgerState();
    const failure = await run('node', ['--import', 'tsx', 'src/cli/jomart.ts', 'import-statement', binary], {
      env: environment,
    }).catch((error: { code: number; stderr: string }) => error);
    expect((failure as { code: number }).code).to.equal(2);
    expect(await ledgerState()).to.deep.equal(before);
  });
});

/** A valid 12-digit IIN from its first ten digits and a serial digit that gives a check digit. */
function withCheckDigit(first10: string): string {
  for (let serial = 0; serial <= 9; serial += 1) {
    const check = taxIdCheckDigit(`${first10}${serial}`);
    if (check !== null) return `${first10}${serial}${check}`;
  }
  throw new Error(`no check digit for ${first10}`);
}
